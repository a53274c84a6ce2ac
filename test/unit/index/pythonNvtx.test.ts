import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanPythonNvtx } from '../../../server/index/pythonNvtx';
import { formatTemplate, templateMatches } from '../../../server/index/nameTemplate';

function sites(text: string) {
  return scanPythonNvtx('/ws/app.py', text).sites.map((s) => ({
    name: formatTemplate(s.name),
    src: s.nameSource,
    kind: s.kind,
    line: s.line + 1,
    col: s.column,
    domain: s.domain.kind === 'named' ? formatTemplate(s.domain.name) : s.domain.kind,
    fn: s.enclosingFunction,
    api: s.api,
  }));
}

test('torch.cuda.nvtx under its usual spellings', () => {
  const r = sites(
    [
      'import torch',
      'from torch.cuda import nvtx',
      'import torch.cuda.nvtx as tn',
      'from torch.cuda.nvtx import range_push as rp, range_pop',
      'def f():',
      '    torch.cuda.nvtx.range_push("a")',
      '    nvtx.range_push("b")',
      '    tn.range_start(msg="c")',
      '    rp(\'d\')',
      '    with torch.cuda.nvtx.range("e {}", 3):',
      '        pass',
      '    nvtx.mark("m")',
      '    torch.cuda.nvtx.range_pop()',
    ].join('\n'),
  );
  assert.deepEqual(
    r.map((s) => [s.name, s.kind, s.line, s.fn, s.domain]),
    [
      ['a', 'push', 6, 'f', 'default'],
      ['b', 'push', 7, 'f', 'default'],
      ['c', 'start', 8, 'f', 'default'],
      ['d', 'push', 9, 'f', 'default'],
      ['e {any}', 'scoped', 10, 'f', 'default'],
      ['m', 'mark', 12, 'f', 'default'],
    ],
  );
  assert.equal(r[0].col, 'torch.cuda.nvtx.range_push('.length + 4);
});

test('the nvtx package: annotate as decorator (function name by default) and context manager, push/start_range, domains', () => {
  const text = [
    'import nvtx',
    'from nvtx import annotate, push_range as pr',
    '',
    '@nvtx.annotate()',
    'def load(path):',
    '    with nvtx.annotate("read", color="red", domain="io"):',
    '        pass',
    '',
    '@annotate',
    'async def step():',
    '    pr(message="step_inner")',
    '    nvtx.start_range(message=f"batch {n}", domain="train")',
    '',
    '@nvtx.annotate(message="renamed", color="blue")',
    'def other():',
    '    pass',
  ].join('\n');
  const r = sites(text);
  assert.deepEqual(
    r.map((s) => [s.name, s.src, s.kind, s.line, s.domain]),
    [
      ['load', 'function-name', 'scoped', 4, 'default'],
      ['read', 'literal', 'scoped', 6, 'io'],
      ['step', 'function-name', 'scoped', 9, 'default'],
      ['step_inner', 'literal', 'push', 11, 'default'],
      ['batch {any}', 'template', 'start', 12, 'train'],
      ['renamed', 'literal', 'scoped', 14, 'default'],
    ],
  );
  // The nvtx package's default domain is named "NVTX".
  const s = scanPythonNvtx('/ws/app.py', text).sites[0];
  assert.deepEqual(s.domain, { kind: 'default', aliases: ['NVTX'] });
});

test('names built at run time become templates that match what the trace reports', () => {
  const r = scanPythonNvtx(
    '/ws/t.py',
    [
      'from torch.cuda import nvtx',
      'def run(i, s, ms):',
      '    nvtx.range_push(f"frame {i}")',
      '    nvtx.range_push(f"{s}_{i:04d}")',
      '    nvtx.range_push("stage %d of %s" % (i, s))',
      '    nvtx.range_push("cam {}".format(i))',
      '    nvtx.range_push("src_" + str(i))',
      '    label = f"took {ms:.1f} ms"',
      '    nvtx.range_push(label)',
      '    nvtx.range_push(f"{{literal}} braces")',
      '    nvtx.range_push(("a" "b"))',
      '    nvtx.range_push(unknown_variable)',
    ].join('\n'),
  ).sites;
  // Keyed by the line of the call (sites report the literal, which may be on an earlier line).
  const byLine = new Map(r.map((s) => [(s.call ?? s).line + 1, s]));
  const m = (line: number, name: string): boolean => templateMatches(byLine.get(line)!.name, name);
  assert.ok(m(3, 'frame 12'));
  assert.ok(!m(3, 'frames 12'));
  assert.ok(m(4, 'cam_0007'));
  assert.ok(m(5, 'stage 3 of decode'));
  assert.ok(!m(5, 'stage x of decode'), '%d only matches integers');
  assert.ok(m(6, 'cam 2'));
  assert.ok(m(7, 'src_9'));
  assert.ok(m(9, 'took 3.5 ms'), 'a variable assigned an f-string in the same function');
  assert.equal(byLine.get(9)!.line + 1, 8, 'reported at the literal (the assignment)');
  assert.equal(byLine.get(9)!.call?.line, 8, 'the call is 0-based line 8');
  assert.ok(m(10, '{literal} braces'));
  assert.equal(formatTemplate(byLine.get(11)!.name), 'ab');
  assert.ok(!byLine.has(12), 'a name we cannot know is not indexed (it would match anything)');
});

test('comments, docstrings and unrelated range_push calls are not call sites', () => {
  const r = sites(
    [
      '"""nvtx.range_push("doc")"""',
      '# nvtx.range_push("comment")',
      'import nvtx',
      'class Q:',
      '    def range_push(self, x): pass',
      'q = Q()',
      'q.range_push("not nvtx")',
      's = "nvtx.range_push(\'in a string\')"',
      'nvtx.push_range("real")',
    ].join('\n'),
  );
  assert.deepEqual(r.map((s) => s.name), ['real']);
});

test('an unterminated string is reported, and scanning goes on', () => {
  const res = scanPythonNvtx('/ws/x.py', 'import nvtx\nx = "oops\nnvtx.mark("after")\n');
  assert.equal(res.problems.length, 1);
  assert.match(res.problems[0].message, /unterminated/);
  assert.deepEqual(res.sites.map((s) => formatTemplate(s.name)), ['after']);
});
