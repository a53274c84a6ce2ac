// Code action round trips over JSON-RPC: request actions for a published diagnostic, apply the
// returned edit as VS Code would, send the change, and see the diagnostic go away. Also: quick
// fixes carried by diagnostics are offered, and stale actions are not.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, LspTestClient, type LspRange, type PublishedDiagnostics } from '../support/lspClient';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: PublishedDiagnostics['diagnostics'];
  edit?: { documentChanges?: { textDocument: { uri: string; version: number | null }; edits: { range: LspRange; newText: string }[] }[] };
}

async function actionsFor(c: LspTestClient, uri: string, d: PublishedDiagnostics['diagnostics'][number]): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
}

async function applyAction(c: LspTestClient, uri: string, text: string, action: CodeAction): Promise<{ text: string; version: number }> {
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change, `action '${action.title}' has an edit`);
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, c.version(uri), 'edit pinned to the current version');
  const next = applyEdits(text, change.edits);
  const version = await c.replace(uri, next);
  return { text: next, version };
}

const cases: { name: string; uri: string; languageId: string; text: string; comment: RegExp }[] = [
  {
    name: 'shell (`\\` continuation: the directive goes above the whole command)',
    uri: 'file:///tmp/sightline-ca/run.sh',
    languageId: 'shellscript',
    text: '#!/bin/sh\nset -e\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! \\\n  nvv4l2decoder ! mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink\n',
    comment: /^# sightline-disable-next-line pipeline\/unknown-reference$/m,
  },
  {
    name: 'Python (implicit string concatenation inside parentheses)',
    uri: 'file:///tmp/sightline-ca/app.py',
    languageId: 'python',
    text: 'import gi\n\ndef build():\n    return Gst.parse_launch(\n        "filesrc location=a.h264 ! h264parse ! "\n        "nvv4l2decoder ! mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink")\n',
    comment: /^ {4}# sightline-disable-next-line pipeline\/unknown-reference$/m,
  },
  {
    name: 'C (string literal spread over lines in a call)',
    uri: 'file:///tmp/sightline-ca/app.c',
    languageId: 'c',
    text: '#include <gst/gst.h>\nint main(void) {\n  GstElement *p = gst_parse_launch(\n      "filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! "\n      "mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink", NULL);\n  return p == NULL;\n}\n',
    comment: /^ {2}\/\/ sightline-disable-next-line pipeline\/unknown-reference$/m,
  },
  {
    name: 'Markdown (an HTML comment above the code fence)',
    uri: 'file:///tmp/sightline-ca/README.md',
    languageId: 'markdown',
    text: '# Run\n\n```sh\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! \\\n  mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink\n```\n',
    comment: /^<!-- sightline-disable-next-line pipeline\/unknown-reference -->\n```sh$/m,
  },
];

for (const tc of cases) {
  test(`"disable for this line" round trip: ${tc.name}`, async () => {
    const c = new LspTestClient();
    try {
      await c.initialize();
      await c.open(tc.uri, tc.languageId, tc.text);
      const first = await c.waitForDiagnostics(tc.uri, (p) => p.version === 1);
      const d = first.diagnostics.find((x) => x.code === 'pipeline/unknown-reference');
      assert.ok(d, `unknown-reference reported: ${JSON.stringify(first.diagnostics.map((x) => x.code))}`);
      const actions = await actionsFor(c, tc.uri, d);
      const line = actions.find((a) => a.title === 'Disable pipeline/unknown-reference for this line');
      const file = actions.find((a) => a.title === 'Disable pipeline/unknown-reference for this file');
      assert.ok(line && file, actions.map((a) => a.title).join(' | '));
      assert.equal(line.kind, 'quickfix');
      const { text, version } = await applyAction(c, tc.uri, tc.text, line);
      assert.match(text, tc.comment);
      const after = await c.waitForDiagnostics(tc.uri, (p) => p.version === version);
      assert.deepEqual(
        after.diagnostics.filter((x) => x.code === 'pipeline/unknown-reference'),
        [],
        'the directive silences the rule on that statement',
      );
    } finally {
      await c.shutdown();
    }
  });
}

test('"disable for this file" round trip, and a stale code action request gets no edit for an old version', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    const tc = cases[0];
    await c.open(tc.uri, tc.languageId, tc.text);
    const first = await c.waitForDiagnostics(tc.uri, (p) => p.version === 1);
    const d = first.diagnostics.find((x) => x.code === 'pipeline/unknown-reference');
    assert.ok(d);
    // The document moves on; the diagnostic of version 1 no longer offers fix edits.
    const v2 = await c.replace(tc.uri, `${tc.text}\n`);
    await c.waitForDiagnostics(tc.uri, (p) => p.version === v2);
    const stale = await actionsFor(c, tc.uri, d);
    assert.deepEqual(stale, [], 'actions for a diagnostic of an old version are not offered');
    const fresh = (await c.waitForDiagnostics(tc.uri, (p) => p.version === v2)).diagnostics.find((x) => x.code === 'pipeline/unknown-reference');
    assert.ok(fresh);
    const actions = await actionsFor(c, tc.uri, fresh);
    const file = actions.find((a) => a.title.endsWith('for this file'));
    assert.ok(file);
    const { text, version } = await applyAction(c, tc.uri, `${tc.text}\n`, file);
    assert.match(text, /^#!\/bin\/sh\n# sightline-disable-file pipeline\/unknown-reference\n/, 'after the shebang');
    const after = await c.waitForDiagnostics(tc.uri, (p) => p.version === version);
    assert.equal(after.diagnostics.filter((x) => x.code === 'pipeline/unknown-reference').length, 0);
  } finally {
    await c.shutdown();
  }
});

test('every fix a diagnostic carries is offered as a quick fix whose edit removes the finding', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    // Launch lines from the pipeline rules' own examples, plus a software decoder in a DeepStream pipeline.
    const uri = 'file:///tmp/sightline-ca/fixes.sh';
    const text =
      '#!/bin/sh\n' +
      'gst-launch-1.0 filesrc location=a.h264 ! h264parse ! avdec_h264 ! nvvideoconvert ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! nvinfer config-file-path=config_infer_primary.txt ! nvvideoconvert ! nvdsosd ! nveglglessink\n' +
      'gst-launch-1.0 uridecodebin uri=file:///a.mp4 ! m.sink_0 nvstreammux name=m batch-size=4 width=1920 height=1080 ! nvinfer config-file-path=config_infer_primary.txt batch-size=1 ! tee name=t t. ! nvvideoconvert ! fakesink t. ! fakesink\n';
    await c.open(uri, 'shellscript', text);
    const pub = await c.waitForDiagnostics(uri, (p) => p.version === 1);
    const withFixes = pub.diagnostics.filter((d) => Array.isArray((d.data as { fixes?: unknown[] } | undefined)?.fixes));
    // avdec_h264 (pipeline/software-decoder) and the tee branches without queue carry fixes.
    assert.ok(withFixes.length >= 2, `diagnostics with fixes: ${pub.diagnostics.map((d) => String(d.code)).join(', ')}`);
    let current = text;
    for (const d of withFixes) {
      const fixes = (d.data as { fixes: { title: string }[] }).fixes;
      const actions = await actionsFor(c, uri, d);
      for (const f of fixes) assert.ok(actions.some((a) => a.title === f.title && a.edit), `quick fix '${f.title}' offered for ${String(d.code)}`);
    }
    // Apply the first fix of the first fixable diagnostic and check its finding is gone.
    {
      const d = withFixes[0];
      const action = (await actionsFor(c, uri, d)).find((a) => a.title === (d.data as { fixes: { title: string }[] }).fixes[0].title) as CodeAction;
      const { version, text: next } = await applyAction(c, uri, current, action);
      current = next;
      const after = await c.waitForDiagnostics(uri, (p) => p.version === version);
      const sameLine = (x: PublishedDiagnostics['diagnostics'][number]): boolean => x.code === d.code && x.range.start.line === d.range.start.line;
      assert.equal(after.diagnostics.filter(sameLine).length, pub.diagnostics.filter(sameLine).length - 1, `${String(d.code)} fixed by '${action.title}'`);
    }
    assert.ok(current.length > 0);
  } finally {
    await c.shutdown();
  }
});

test('a bare launch description (.gst) has no comment syntax: fixes are offered, directives are not', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize();
    const uri = 'file:///tmp/sightline-ca/bare.gst';
    await c.open(uri, 'gst-pipeline', 'filesrc location=a.h264 ! h264parse ! avdec_h264 ! nvvideoconvert ! fakesink\n');
    const pub = await c.waitForDiagnostics(uri, (p) => p.version === 1);
    const d = pub.diagnostics.find((x) => x.code === 'pipeline/software-decoder');
    assert.ok(d);
    const actions = await actionsFor(c, uri, d);
    assert.ok(actions.some((a) => /nvv4l2decoder/.test(a.title)), actions.map((a) => a.title).join(' | '));
    assert.ok(!actions.some((a) => a.title.startsWith('Disable ')), 'no directive that would break the description');
  } finally {
    await c.shutdown();
  }
});
