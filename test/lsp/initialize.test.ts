import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspTestClient } from '../support/lspClient';

test('the server answers initialize over stdio and publishes a diagnostic set for an opened file', async () => {
  const c = new LspTestClient();
  try {
    const init = await c.initialize();
    assert.ok(init.capabilities.textDocumentSync, 'advertises document sync');
    const uri = 'file:///tmp/sightline-empty.gst';
    await c.open(uri, 'gst-pipeline', '');
    const p = await c.waitForDiagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
  } finally {
    await c.shutdown();
  }
});
