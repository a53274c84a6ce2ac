import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanCNvtx } from '../../../server/index/cNvtx';
import { formatTemplate, templateMatches } from '../../../server/index/nameTemplate';
import type { DomainSpec } from '../../../server/index/callSite';

const dom = (d: DomainSpec): string => (d.kind === 'named' ? formatTemplate(d.name) : d.kind);

function scan(text: string) {
  return scanCNvtx('/ws/a.cpp', text).sites.map((s) => ({ name: formatTemplate(s.name), src: s.nameSource, kind: s.kind, line: s.line + 1, domain: dom(s.domain), fn: s.enclosingFunction, api: s.api, call: s.call ? s.call.line + 1 : undefined }));
}

test('C API: Push/Start/Mark A and W, Ex with event attributes, domains and registered strings', () => {
  const r = scan(
    [
      '#include <nvtx3/nvToolsExt.h>',
      'static void work(void) {',
      '  nvtxRangePushA("a");',
      '  nvtxRangePushW(L"w");',
      '  nvtxRangeId_t id = nvtxRangeStartA("s");',
      '  nvtxMarkA("m"); /* nvtxRangePushA("commented") */',
      '  // nvtxRangePushA("line comment")',
      '  nvtxEventAttributes_t ea = {0};',
      '  ea.messageType = NVTX_MESSAGE_TYPE_ASCII;',
      '  ea.message.ascii = "ex";',
      '  nvtxRangePushEx(&ea);',
      '  nvtxDomainHandle_t d = nvtxDomainCreateA("mydomain");',
      '  nvtxStringHandle_t h = nvtxDomainRegisterStringA(d, "reg");',
      '  ea.message.registered = h;',
      '  nvtxDomainRangePushEx(d, &ea);',
      '  ea.message.ascii = "started";',
      '  nvtxDomainRangeStartEx(d, &ea);',
      '  nvtxDomainRangePushEx(handle_from_elsewhere, &ea);',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(
    r.map((s) => [s.name, s.src, s.kind, s.line, s.domain, s.fn, s.call]),
    [
      ['a', 'literal', 'push', 3, 'default', 'work', undefined],
      ['w', 'literal', 'push', 4, 'default', 'work', undefined],
      ['s', 'literal', 'start', 5, 'default', 'work', undefined],
      ['m', 'literal', 'mark', 6, 'default', 'work', undefined],
      ['ex', 'literal', 'push', 10, 'default', 'work', 11],
      ['reg', 'registered', 'push', 13, 'mydomain', 'work', 15],
      ['started', 'literal', 'start', 16, 'mydomain', 'work', 17],
      ['started', 'literal', 'push', 16, 'unknown', 'work', 18],
    ],
  );
});

test('snprintf formats and std::string concatenations become templates', () => {
  const res = scanCNvtx(
    '/ws/osd.c',
    [
      'static void transform(GstElement *self, unsigned frame_num, int id) {',
      '  char context_name[100];',
      '  snprintf (context_name, sizeof (context_name), "%s_(Frame=%u)",',
      '      GST_ELEMENT_NAME (self), frame_num);',
      '  nvtxRangePushA (context_name);',
      '  std::string nvtx_str = "GstNvInfer: UID=" + std::to_string(id);',
      '  auto deleter = [](nvtxDomainHandle_t d) { nvtxDomainDestroy (d); };',
      '  std::unique_ptr<nvtxDomainRegistration, decltype(deleter)> ptr (',
      '      nvtxDomainCreate(nvtx_str.c_str()), deleter);',
      '  self->nvtx_domain = ptr.release ();',
      '  nvtxEventAttributes_t eventAttrib = {0};',
      '  nvtx_str = "buffer_process batch_num=" + std::to_string(frame_num);',
      '  eventAttrib.message.ascii = nvtx_str.c_str();',
      '  nvtxDomainRangePushEx(self->nvtx_domain, &eventAttrib);',
      '}',
    ].join('\n'),
  );
  const [osd, infer] = res.sites;
  assert.equal(formatTemplate(osd.name), '{any}_(Frame={int})');
  assert.equal(osd.line + 1, 3, 'the format string line');
  assert.equal(osd.call?.line, 4);
  assert.ok(templateMatches(osd.name, 'nvosd0_(Frame=12)'));
  assert.ok(!templateMatches(osd.name, 'nvosd0_(Frame=x)'));
  assert.ok(templateMatches(infer.name, 'buffer_process batch_num=7'));
  assert.equal(infer.domain.kind, 'named');
  assert.ok(infer.domain.kind === 'named' && templateMatches(infer.domain.name, 'GstNvInfer: UID=1'));
});

test('NVTX3 C++: scoped_range, scoped_range_in<D>, registered strings, event_attributes, NVTX3_FUNC_RANGE', () => {
  const r = scan(
    [
      '#include <nvtx3/nvtx3.hpp>',
      'struct my_domain { static constexpr char const* name{"MyDomain"}; };',
      'namespace app {',
      'void Pipeline::decode(int n) {',
      '  nvtx3::scoped_range r{"decode"};',
      '  nvtx3::scoped_range_in<my_domain> r2("decode_in_domain");',
      '  nvtx3::registered_string_in<my_domain> msg{"registered_msg"};',
      '  nvtx3::scoped_range_in<my_domain> r3{msg};',
      '  nvtx3::event_attributes attr{"with_attrs", nvtx3::rgb{127, 255, 0}};',
      '  nvtx3::scoped_range r4{attr};',
      '  nvtx3::scoped_range r5{nvtx3::event_attributes{nvtx3::rgb{1,2,3}, "inline_attrs"}};',
      '  nvtx3::mark("marked");',
      '  auto u = nvtx3::start_range("started");',
      '}',
      'int helper(int x) noexcept {',
      '  NVTX3_FUNC_RANGE();',
      '  return x;',
      '}',
      'Worker::Worker(int a) : a_(a), b_{a} {',
      '  NVTX3_FUNC_RANGE_IN(my_domain);',
      '}',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(
    r.map((s) => [s.name, s.src, s.kind, s.line, s.domain, s.fn]),
    [
      ['decode', 'literal', 'scoped', 5, 'default', 'decode'],
      ['decode_in_domain', 'literal', 'scoped', 6, 'MyDomain', 'decode'],
      ['registered_msg', 'registered', 'scoped', 7, 'MyDomain', 'decode'],
      ['with_attrs', 'literal', 'scoped', 9, 'default', 'decode'],
      ['inline_attrs', 'literal', 'scoped', 11, 'default', 'decode'],
      ['marked', 'literal', 'mark', 12, 'default', 'decode'],
      ['started', 'literal', 'start', 13, 'default', 'decode'],
      ['helper', 'function-name', 'scoped', 16, 'default', 'helper'],
      ['Worker', 'function-name', 'scoped', 20, 'MyDomain', 'Worker'],
    ],
  );
});

test('strings and comments that mention NVTX calls are ignored; raw strings are not code', () => {
  const r = scan(['const char* s = "nvtxRangePushA(\\"x\\")";', 'auto raw = R"(nvtxRangePushA("y"))";', 'void f() { nvtxRangePushA("z"); }'].join('\n'));
  assert.deepEqual(r.map((s) => s.name), ['z']);
});
