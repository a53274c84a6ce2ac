// The dependency index over JSON-RPC: a deepstream-app config and a launch script that point at
// an nvinfer config (config-file= / config-file-path=) are re-checked when that config is
// deleted, created or edited; unrelated files are not re-read.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, sharedRoot, type PublishedDiagnostics } from '../support/lspClient';

const pgieSource = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs', 'src/apps/sample_apps/deepstream-test1/dstest1_pgie_config.txt');

function workspace(): { dir: string; app: string; script: string; pgie: string; other: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-deps-'));
  const pgie = path.join(dir, 'configs', 'pgie_config.txt');
  fs.mkdirSync(path.dirname(pgie));
  fs.copyFileSync(pgieSource, pgie);
  const app = path.join(dir, 'deepstream_app.txt');
  fs.writeFileSync(app, '[application]\nenable-perf-measurement=1\n\n[primary-gie]\nenable=1\ngpu-id=0\nconfig-file=configs/pgie_config.txt\n');
  const script = path.join(dir, 'run.sh');
  fs.writeFileSync(
    script,
    '#!/bin/sh\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! m.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! nvinfer config-file-path=configs/pgie_config.txt ! fakesink\n',
  );
  // An unrelated config with findings of its own: it must not be re-published.
  const other = path.join(dir, 'config_infer_other.txt');
  fs.writeFileSync(other, '[property]\ngpu-id=0\nnetwork-mode=7\n');
  return { dir, app, script, pgie, other };
}

const missingConfig = (p: PublishedDiagnostics): boolean => p.diagnostics.some((d) => d.code === 'config/missing-file' && d.range.start.line === 6);
const inferConfigNotFound = (p: PublishedDiagnostics): boolean => p.diagnostics.some((d) => /not found|does not exist/.test(d.message) && /pgie_config/.test(d.message));

test('deleting and re-creating a referenced nvinfer config re-checks exactly its dependents', async () => {
  const ws = workspace();
  const c = new LspTestClient();
  try {
    const done = c.waitForNotification('sightline/workspaceLintDone', 60000);
    await c.initialize(pathToFileURL(ws.dir).href);
    await done;
    const appUri = pathToFileURL(ws.app).href;
    const scriptUri = pathToFileURL(ws.script).href;
    const otherUri = pathToFileURL(ws.other).href;
    const pgieUri = pathToFileURL(ws.pgie).href;
    const appBefore = c.latest(appUri);
    assert.ok(!appBefore || !missingConfig(appBefore), 'config present: no missing-file on config-file=');
    assert.ok(c.latest(otherUri), 'the unrelated config has findings of its own');
    const otherPublishes = c.published.filter((p) => p.uri === otherUri).length;

    // Delete the nvinfer config: the app config and the launch script learn it is gone.
    const appMissing = c.nextDiagnostics(appUri, missingConfig);
    const scriptMissing = c.nextDiagnostics(scriptUri, inferConfigNotFound);
    const pgieCleared = c.nextDiagnostics(pgieUri, (p) => p.diagnostics.length === 0);
    fs.rmSync(ws.pgie);
    await c.fileChanged(pgieUri, 'deleted');
    await Promise.all([appMissing, scriptMissing, pgieCleared]);

    // Re-create it: the finding goes away again.
    const appBack = c.nextDiagnostics(appUri, (p) => !missingConfig(p));
    fs.copyFileSync(pgieSource, ws.pgie);
    await c.fileChanged(pgieUri, 'created');
    await appBack;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(c.published.filter((p) => p.uri === otherUri).length, otherPublishes, 'the unrelated config was not re-checked');
  } finally {
    await c.shutdown();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('an open dependent is re-checked against the unsaved text of the config it references', async () => {
  const ws = workspace();
  const c = new LspTestClient();
  try {
    const done = c.waitForNotification('sightline/workspaceLintDone', 60000);
    await c.initialize(pathToFileURL(ws.dir).href);
    await done;
    const appUri = pathToFileURL(ws.app).href;
    await c.open(appUri, 'deepstream-app-config', fs.readFileSync(ws.app, 'utf8'));
    const opened = await c.waitForDiagnostics(appUri, (p) => p.version === 1);
    assert.ok(!missingConfig(opened));
    // The app config now points at a config that exists only as an unsaved editor buffer.
    const draft = path.join(ws.dir, 'configs', 'pgie_draft.txt');
    const draftUri = pathToFileURL(draft).href;
    const v2 = await c.replace(appUri, fs.readFileSync(ws.app, 'utf8').replace('configs/pgie_config.txt', 'configs/pgie_draft.txt'));
    const missing = await c.waitForDiagnostics(appUri, (p) => p.version === v2);
    assert.ok(missingConfig(missing), 'draft not open yet: missing');
    // Opening the draft makes it readable from the editor; editing it re-checks the app config.
    const recheck = c.nextDiagnostics(appUri, (p) => p.version === v2 && !missingConfig(p));
    await c.open(draftUri, 'nvinfer-config', fs.readFileSync(pgieSource, 'utf8'));
    await c.replace(draftUri, `# draft\n${fs.readFileSync(pgieSource, 'utf8')}`);
    await recheck;
  } finally {
    await c.shutdown();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
});
