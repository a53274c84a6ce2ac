import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleDocs, renderRuleDoc, ruleDocFileName } from '../../server/lint/ruleDocs';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test('every rule has an id, a title, why, an example and a fix', () => {
  const docs = allRuleDocs();
  assert.ok(docs.length >= 20, `expected a real rule set, got ${docs.length}`);
  const ids = new Set<string>();
  for (const d of docs) {
    assert.match(d.id, /^(pipeline|config|file)\/[a-z0-9-]+$/, `rule id ${d.id}`);
    assert.ok(!ids.has(d.id), `duplicate rule id ${d.id}`);
    ids.add(d.id);
    for (const k of ['title', 'why', 'example', 'fix'] as const) assert.ok(d[k] && d[k].trim().length > 5, `${d.id} lacks ${k}`);
  }
});

test('docs/rules is generated from the current rule data (run `npm run docs`)', () => {
  for (const d of allRuleDocs()) {
    const file = path.join(repoRoot, 'docs', 'rules', ruleDocFileName(d.id));
    assert.ok(fs.existsSync(file), `missing ${path.relative(repoRoot, file)}: run npm run docs`);
    assert.equal(fs.readFileSync(file, 'utf8'), renderRuleDoc(d), `${path.relative(repoRoot, file)} is stale: run npm run docs`);
  }
});
