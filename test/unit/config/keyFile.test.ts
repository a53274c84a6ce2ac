// The GLib key-file reader. Expected values follow GLib 2.74 (g_key_file_load_from_data and
// the g_key_file_get_* getters were run on the same inputs while writing these tests).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { keyFileGet, parseKeyFile } from '../../../server/lint/config/keyFile';
import { parseGlibBool, parseGlibDouble, parseGlibInt, parseGlibUint64 } from '../../../server/lint/config/values';
import { corpusFile, lineOf } from './support';

test('a real nvinfer config: every group, key, value and list item has its position', () => {
  const { text } = corpusFile('src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');
  const kf = parseKeyFile(text);
  assert.deepEqual(kf.problems, []);
  assert.deepEqual(kf.groups.map((g) => g.name), ['property', 'class-attrs-all']);
  const prop = kf.groupMap.get('property')!;
  const line = lineOf(text, /^\[property\]/);
  assert.deepEqual(prop.nameRange, { start: { line, character: 1 }, end: { line, character: 9 } });
  const bs = keyFileGet(kf, 'property', 'batch-size')!;
  const bl = lineOf(text, /^batch-size=/);
  assert.equal(bs.raw, '1');
  assert.deepEqual(bs.keyRange, { start: { line: bl, character: 0 }, end: { line: bl, character: 10 } });
  assert.deepEqual(bs.valueRange, { start: { line: bl, character: 11 }, end: { line: bl, character: 12 } });
  const nms = keyFileGet(kf, 'class-attrs-all', 'nms-iou-threshold')!;
  assert.equal(nms.value, '0.5');
});

test('list items are split at unescaped ";" with their own ranges; a trailing ";" adds no item', () => {
  const kf = parseKeyFile('[osd]\ntext-color=1;1;1;1;\noffsets=123.675;116.28 ;103.53\nnames=a\\;b;c\n');
  const tc = keyFileGet(kf, 'osd', 'text-color')!;
  assert.deepEqual(tc.items.map((i) => i.text), ['1', '1', '1', '1']);
  assert.deepEqual(tc.items[1].range, { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } });
  const off = keyFileGet(kf, 'osd', 'offsets')!;
  assert.deepEqual(off.items.map((i) => i.text), ['123.675', '116.28 ', '103.53']);
  const names = keyFileGet(kf, 'osd', 'names')!;
  assert.deepEqual(names.items.map((i) => i.text), ['a;b', 'c']);
  // As a plain string, `\;` is an invalid escape for g_key_file_get_string.
  assert.match(names.escapeError ?? '', /invalid escape/);
  assert.equal(names.listEscapeError, undefined);
});

test('comments are whole lines starting with #; ";" is not a comment and "#" after a value is part of it', () => {
  const kf = parseKeyFile('# header\n  # indented comment\n[property]\nbatch-size=4 # four\n; not a comment\n');
  assert.equal(keyFileGet(kf, 'property', 'batch-size')!.raw, '4 # four');
  assert.equal(kf.problems.length, 1);
  assert.equal(kf.problems[0].code, 'invalid-line');
  assert.equal(kf.problems[0].fatal, true);
  assert.equal(kf.problems[0].range.start.line, 4);
  assert.match(kf.problems[0].message, /";" does not start a comment/);
});

test('whitespace: around keys trimmed, before values skipped, after values kept (GLib keeps it)', () => {
  const kf = parseKeyFile('[p]\n  gpu-id =   0  \n\tx\t=\ty\t\n');
  const g = keyFileGet(kf, 'p', 'gpu-id')!;
  assert.equal(g.raw, '0  ');
  assert.deepEqual(g.keyRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 8 } });
  assert.deepEqual(g.valueTrimmedRange, { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } });
  assert.equal(keyFileGet(kf, 'p', 'x')!.raw, 'y\t');
});

test('CRLF files read like LF files and are flagged for fixes', () => {
  const kf = parseKeyFile('[property]\r\nbatch-size=2\r\nnetwork-mode=2\r\n');
  assert.equal(kf.crlf, true);
  assert.equal(keyFileGet(kf, 'property', 'batch-size')!.raw, '2');
  assert.deepEqual(kf.lines, ['[property]', 'batch-size=2', 'network-mode=2']);
});

test('duplicate keys: the last value wins (GLib), the earlier one is marked overridden and related', () => {
  const kf = parseKeyFile('[property]\nbatch-size=1\nnetwork-mode=2\nbatch-size=4\n');
  const e = keyFileGet(kf, 'property', 'batch-size')!;
  assert.equal(e.raw, '4');
  const all = kf.groupMap.get('property')!.entries.filter((x) => x.key === 'batch-size');
  assert.deepEqual(all.map((x) => x.overridden), [true, false]);
  const p = kf.problems.find((x) => x.code === 'duplicate-key')!;
  assert.equal(p.range.start.line, 3);
  assert.equal(p.related?.start.line, 1);
  assert.match(p.message, /"4"/);
});

test('a repeated group continues the first one (keys merge)', () => {
  const kf = parseKeyFile('[sink0]\nenable=1\n[osd]\nenable=1\n[sink0]\nsync=0\n');
  assert.deepEqual(kf.groups.map((g) => g.name), ['sink0', 'osd']);
  assert.deepEqual([...kf.groupMap.get('sink0')!.keys.keys()], ['enable', 'sync']);
  assert.equal(kf.groupMap.get('sink0')!.headers.length, 2);
  assert.ok(kf.problems.some((p) => p.code === 'duplicate-group' && !p.fatal));
});

test('keys before any group and lines that are nothing are fatal for GLib; reading goes on after them', () => {
  const kf = parseKeyFile('gpu-id=0\n[property]\nthis line is broken\nbatch-size=2\n[property] # trailing\nnetwork-mode=2\n');
  const codes = kf.problems.map((p) => `${p.code}@${p.range.start.line}`);
  assert.deepEqual(codes, ['key-before-group@0', 'invalid-line@2', 'invalid-line@4']);
  assert.ok(kf.problems.every((p) => p.fatal));
  assert.equal(kf.orphans.length, 1);
  assert.equal(keyFileGet(kf, 'property', 'batch-size')!.raw, '2');
  // `[property] # trailing` is not a group line, so network-mode stays in [property].
  assert.equal(keyFileGet(kf, 'property', 'network-mode')!.raw, '2');
});

test('group and key names: spaces after "]" are fine, invalid names are reported', () => {
  const kf = parseKeyFile('[property]  \t\nkey with space=1\n =2\n[]\n');
  assert.equal(kf.groups[0].name, 'property');
  assert.equal(keyFileGet(kf, 'property', 'key with space')!.raw, '1');
  const codes = kf.problems.map((p) => p.code);
  assert.ok(codes.includes('invalid-line'), 'a line starting with "=" has no key');
  assert.ok(codes.includes('invalid-group-name'));
});

test('escapes decode as GLib does; a trailing backslash and unknown escapes are errors', () => {
  const kf = parseKeyFile('[p]\na=\\sx\\ty\\n\\\\\nb=c:\\dir\nc=end\\\n');
  assert.equal(keyFileGet(kf, 'p', 'a')!.value, ' x\ty\n\\');
  assert.match(keyFileGet(kf, 'p', 'b')!.escapeError ?? '', /invalid escape sequence "\\d"/);
  assert.match(keyFileGet(kf, 'p', 'c')!.escapeError ?? '', /escape character at end of line/);
});

test('positions are UTF-16 offsets; a byte-order mark and U+FFFD are reported', () => {
  const kf = parseKeyFile('\uFEFF[p]\nlabel=caméra😀\nx=1\n');
  assert.equal(kf.problems[0].code, 'byte-order-mark');
  const l = keyFileGet(kf, 'p', 'label')!;
  assert.equal(l.valueRange.end.character, 'label=caméra😀'.length);
  const bad = parseKeyFile('[p]\nx=\uFFFD\n');
  assert.equal(bad.problems[0].code, 'invalid-utf8');
  assert.equal(bad.problems[0].range.start.character, 2);
});

test('GLib getters: integers, doubles, booleans, uint64', () => {
  // g_key_file_get_integer: strtol, then only whitespace may follow
  assert.deepEqual(parseGlibInt('4 # c'), { ok: true, value: 4 });
  assert.deepEqual(parseGlibInt('4 '), { ok: true, value: 4 });
  assert.deepEqual(parseGlibInt('+3'), { ok: true, value: 3 });
  assert.equal(parseGlibInt('7x').ok, false);
  assert.equal(parseGlibInt('0x10').ok, false);
  assert.equal(parseGlibInt('1.5').ok, false);
  assert.equal(parseGlibInt('').ok, false);
  assert.equal(parseGlibInt('99999999999').ok, false);
  // g_key_file_get_double: g_ascii_strtod must consume everything (no trailing blank)
  assert.deepEqual(parseGlibDouble('1e3'), { ok: true, value: 1000 });
  assert.deepEqual(parseGlibDouble('0x10'), { ok: true, value: 16 });
  assert.deepEqual(parseGlibDouble('-0.5'), { ok: true, value: -0.5 });
  const trailing = parseGlibDouble('1.5 ');
  assert.equal(trailing.ok, false);
  assert.match(trailing.ok ? '' : trailing.error, /trailing whitespace/);
  assert.equal(parseGlibDouble('1.5 # c').ok, false);
  // g_key_file_get_boolean: true/false/1/0, trailing whitespace ignored, case-sensitive
  assert.deepEqual(parseGlibBool('true '), { ok: true, value: true });
  assert.deepEqual(parseGlibBool('0'), { ok: true, value: false });
  assert.equal(parseGlibBool('TRUE').ok, false);
  assert.equal(parseGlibBool('2').ok, false);
  assert.equal(parseGlibBool('yes').ok, false);
  assert.deepEqual(parseGlibUint64('40000000'), { ok: true, value: 40000000 });
  assert.equal(parseGlibUint64('4 ').ok, false);
});

test('every corpus key file parses with positions inside its lines', async () => {
  const { walk, corpusRoot } = await import('./support');
  const fs = await import('node:fs');
  let n = 0;
  for (const f of walk(corpusRoot).filter((p) => p.endsWith('.txt'))) {
    const text = fs.readFileSync(f, 'utf8');
    const kf = parseKeyFile(text);
    for (const g of kf.groups) {
      for (const e of g.entries) {
        const line = kf.lines[e.line];
        assert.equal(line.slice(e.keyRange.start.character, e.keyRange.end.character), e.key, f);
        assert.equal(line.slice(e.valueRange.start.character, e.valueRange.end.character), e.raw, f);
        n++;
      }
    }
  }
  assert.ok(n > 3000, `only ${n} entries read`);
});
