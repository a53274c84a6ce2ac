import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspTestClient } from '../support/lspClient';

test('the server answers initialize over stdio and publishes an empty diagnostic set for a valid pipeline', async () => {
  const c = new LspTestClient();
  try {
    const init = await c.initialize();
    assert.ok(init.capabilities.textDocumentSync, 'advertises document sync');
    const uri = 'file:///tmp/sightline-valid.gst';
    await c.open(uri, 'gst-pipeline', 'videotestsrc num-buffers=10 ! fakesink\n');
    const p = await c.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
  } finally {
    await c.shutdown();
  }
});
