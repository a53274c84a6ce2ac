// Writes docs/rules/*.md from the rule data (`npm run docs`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleDocs, renderRuleDoc, renderRuleIndex, ruleDocFileName } from '../server/lint/ruleDocs';

const dir = path.resolve(__dirname, '..', '..', 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
const docs = allRuleDocs();
const wanted = new Set<string>(['README.md']);
for (const d of docs) {
  const name = ruleDocFileName(d.id);
  wanted.add(name);
  fs.writeFileSync(path.join(dir, name), renderRuleDoc(d));
}
fs.writeFileSync(path.join(dir, 'README.md'), renderRuleIndex(docs));
for (const f of fs.readdirSync(dir)) if (f.endsWith('.md') && !wanted.has(f)) fs.unlinkSync(path.join(dir, f));
console.log(`wrote ${docs.length} rule docs to docs/rules/`);
