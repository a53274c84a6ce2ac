// Comment directives (server/lint/directives.ts): which statement "next line" covers in each
// host format, file-wide directives, rule lists, and the edits the code actions insert —
// checked by applying the edit and running lintText on the result (the real linters).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyDirectives, disableForFileEdit, disableForLineEdit, findDirectives, statementStarts } from '../../server/lint/directives';
import type { LintDiagnostic } from '../../server/lint/diagnostic';
import { defaultLintOptions } from '../../server/lint/diagnostic';
import { diskFiles } from '../../server/lint/diskFiles';
import { lintText } from '../../server/lint/lintFile';
import { applyEdits } from '../support/lspClient';

function diag(code: string, line: number): LintDiagnostic {
  return { code, severity: 'warning', message: code, range: { start: { line, character: 0 }, end: { line, character: 1 } } };
}

test('directives are found in every comment syntax, with their rule lists', () => {
  const text = [
    '# sightline-disable-next-line pipeline/a, pipeline/b',
    '// sightline-disable-line config/c',
    '<!-- sightline-disable-file pipeline/d -->',
    '/* sightline-disable-next-line */',
    'not a comment sightline-disable-file x/y',
  ].join('\n');
  assert.deepEqual(findDirectives(text), [
    { scope: 'next-line', rules: ['pipeline/a', 'pipeline/b'], line: 0 },
    { scope: 'line', rules: ['config/c'], line: 1 },
    { scope: 'file', rules: ['pipeline/d'], line: 2 },
    { scope: 'next-line', rules: [], line: 3 },
  ]);
});

test('statements: shell continuations, Python brackets and strings, C calls, Markdown fences', () => {
  const sh = 'a \\\n  b \\\n  c\nd\n';
  assert.deepEqual([...statementStarts(sh, 'shell')], [0, 0, 0, 3, 4]);
  const py = 'x = f(\n  "a"\n  "b")\ny = """\ntext\n"""\nz = 1\n';
  assert.deepEqual([...statementStarts(py, 'python')], [0, 0, 0, 3, 3, 3, 6, 7]);
  const c = 'int main() {\n  p = f(\n    "a"\n    "b", NULL);\n  return 0;\n}\n';
  assert.deepEqual([...statementStarts(c, 'c')], [0, 1, 1, 1, 4, 5, 6]);
  const md = 'text\n```sh\nx\ny\n```\nafter\n';
  assert.deepEqual([...statementStarts(md, 'markdown')], [0, 1, 1, 1, 1, 5, 6]);
});

test('next-line covers the whole next statement and only the named rules; file covers everything', () => {
  const sh = '# sightline-disable-next-line pipeline/a\ngst-launch-1.0 a \\\n  ! b\nsecond\n';
  const diags = [diag('pipeline/a', 1), diag('pipeline/a', 2), diag('pipeline/b', 2), diag('pipeline/a', 3)];
  assert.deepEqual(
    applyDirectives(sh, 'shell', diags).map((d) => `${d.code}@${d.range.start.line}`),
    ['pipeline/b@2', 'pipeline/a@3'],
  );
  const all = `# sightline-disable-file\n${sh}`;
  assert.deepEqual(applyDirectives(all, 'shell', diags.map((d) => ({ ...d, range: { start: { line: d.range.start.line + 1, character: 0 }, end: { line: d.range.start.line + 1, character: 1 } } }))), []);
});

test('the "disable for this line" edit extends an existing directive instead of stacking a second one', () => {
  const sh = '# sightline-disable-next-line pipeline/a\ngst-launch-1.0 a ! b\n';
  const e = disableForLineEdit(sh, 'shell', 1, 'pipeline/b');
  assert.equal(applyEdits(sh, [e]), '# sightline-disable-next-line pipeline/a, pipeline/b\ngst-launch-1.0 a ! b\n');
  const md = '<!-- sightline-disable-next-line pipeline/a -->\n```sh\ngst-launch-1.0 a ! b\n```\n';
  assert.equal(applyEdits(md, [disableForLineEdit(md, 'markdown', 2, 'pipeline/b')]).split('\n')[0], '<!-- sightline-disable-next-line pipeline/a, pipeline/b -->');
});

test('edits applied to the examples silence exactly the rule through the real linters, in each format', () => {
  const cases: { path: string; text: string }[] = [
    { path: '/tmp/sightline-dir/run.sh', text: '#!/bin/sh\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! avdec_h264 ! \\\n  nvvideoconvert ! fakesink\n' },
    { path: '/tmp/sightline-dir/app.py', text: 'p = Gst.parse_launch(\n    "filesrc location=a.h264 ! h264parse ! "\n    "avdec_h264 ! nvvideoconvert ! fakesink")\n' },
    { path: '/tmp/sightline-dir/app.c', text: 'void f(void) {\n  gst_parse_launch("filesrc location=a.h264 ! h264parse ! "\n                   "avdec_h264 ! nvvideoconvert ! fakesink", NULL);\n}\n' },
    { path: '/tmp/sightline-dir/README.md', text: '# x\n\n```bash\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! avdec_h264 ! \\\n  nvvideoconvert ! fakesink\n```\n' },
  ];
  for (const c of cases) {
    const before = lintText(c.path, c.text, defaultLintOptions, diskFiles);
    const d = before.diagnostics.find((x) => x.code === 'pipeline/software-decoder');
    assert.ok(d, `${c.path}: ${before.diagnostics.map((x) => x.code).join(', ')}`);
    const lineFixed = applyEdits(c.text, [disableForLineEdit(c.text, before.kind, d.range.start.line, d.code)]);
    const afterLine = lintText(c.path, lineFixed, defaultLintOptions, diskFiles);
    assert.equal(afterLine.diagnostics.filter((x) => x.code === 'pipeline/software-decoder').length, 0, `${c.path} line:\n${lineFixed}`);
    assert.ok(!afterLine.diagnostics.some((x) => x.code === 'pipeline/syntax'), `${c.path}: the directive does not break the launch string`);
    const fileFixed = applyEdits(c.text, [disableForFileEdit(c.text, before.kind, d.code)]);
    const afterFile = lintText(c.path, fileFixed, defaultLintOptions, diskFiles);
    assert.equal(afterFile.diagnostics.filter((x) => x.code === 'pipeline/software-decoder').length, 0, `${c.path} file`);
  }
});
