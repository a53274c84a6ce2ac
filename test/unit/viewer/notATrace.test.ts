// A `*.sqlite` that is not an Nsight Systems export is recognised from the loader's own messages
// (so the custom editor can hand it to the default editor); a broken or empty export is not.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { isNotATrace } from '../../../client/trace/notATrace';
import { TraceService } from '../../../server/lsp/traceHandlers';

async function openError(svc: TraceService, file: string): Promise<string> {
  try {
    await svc.request('open', { path: file });
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('other SQLite databases and non-SQLite files are not traces; an empty file is reported as an error', async () => {
  const svc = new TraceService({ folders: [] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-not-trace-'));
  const other = path.join(dir, 'app.sqlite');
  execFileSync('sqlite3', [other, 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, "a");']);
  const text = path.join(dir, 'notes.sqlite');
  fs.writeFileSync(text, 'just some text\n');
  const empty = path.join(dir, 'empty.sqlite');
  fs.writeFileSync(empty, '');
  const mOther = await openError(svc, other);
  const mText = await openError(svc, text);
  const mEmpty = await openError(svc, empty);
  assert.match(mOther, /app\.sqlite: a SQLite database but not an Nsight Systems export \(tables: users\)/);
  assert.ok(isNotATrace(mOther));
  assert.ok(isNotATrace(mText), mText);
  assert.ok(mEmpty.length > 0 && !isNotATrace(mEmpty), mEmpty);
  assert.ok(!isNotATrace('cpp.sqlite: database disk image is malformed'));
  fs.rmSync(dir, { recursive: true, force: true });
});
