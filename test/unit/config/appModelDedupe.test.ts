// Each app-config problem is reported once: when a config rule reports a problem in a group, the
// pipeline rule that finds the same problem on the app's pipeline model (declared in
// pipelineRulesCoveredByConfigRules) is dropped for that group. On examples/deepstream_app_config.txt
// and two edits of it, all seven pairs are seen firing before the merge and once after it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAccess, LintDiagnostic } from '../../../server/lint/diagnostic';
import { diskFiles } from '../../../server/lint/diskFiles';
import { readApp } from '../../../server/lint/config/appModel';
import { lintAppPipeline, pipelineRulesCoveredByConfigRules } from '../../../server/lint/config/appPipeline';
import { lintConfig, parseConfig } from '../../../server/lint/config/index';
import { dgpu, mutate, repoRoot } from './support';

const examplePath = path.join(repoRoot, 'examples', 'deepstream_app_config.txt');
const exampleText = fs.readFileSync(examplePath, 'utf8');
const pgiePath = path.join(repoRoot, 'examples', 'config_infer_primary.txt');

/** The group (name) a 0-based line belongs to. */
function groupOfLine(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  for (let i = line; i >= 0; i--) {
    const m = /^\[([^\]]+)\]/.exec(lines[i]);
    if (m) return m[1];
  }
  return '';
}

const at = (text: string, d: LintDiagnostic) => `${d.code}@${groupOfLine(text, d.range.start.line)}`;

interface Case {
  name: string;
  text: string;
  files: FileAccess;
}

const cases: Case[] = [
  { name: 'the example as it is', text: exampleText, files: diskFiles },
  { name: 'primary-gie config-file that does not exist', text: mutate(exampleText, 'config-file=config_infer_primary.txt', 'config-file=config_infer_primary_missing.txt'), files: diskFiles },
  {
    name: 'the pgie config with infer-dims smaller than the muxer output',
    text: exampleText,
    files: {
      readText: (p) => (p === pgiePath ? { text: mutate(fs.readFileSync(pgiePath, 'utf8'), /^batch-size=4$/m, 'batch-size=4\ninfer-dims=3;544;960') } : diskFiles.readText(p)),
      exists: (p) => diskFiles.exists(p),
    },
  },
];

test('the example reports each problem once: the config rule stays, the pipeline rule of the same group goes', () => {
  const pairsSeen = new Set<string>();
  for (const c of cases) {
    const { doc } = parseConfig(examplePath, c.text);
    const raw = lintAppPipeline(readApp(doc, examplePath, c.files), examplePath, dgpu, c.files);
    const merged = lintConfig(examplePath, c.text, 'config-other', dgpu, c.files);
    const mergedAt = new Set(merged.map((d) => at(c.text, d)));
    for (const d of raw) {
      const configRule = pipelineRulesCoveredByConfigRules[d.code];
      if (!configRule) continue;
      const group = groupOfLine(c.text, d.range.start.line);
      if (!mergedAt.has(`${configRule}@${group}`)) {
        // No config finding in that group: the pipeline finding is kept (it says something else).
        assert.ok(mergedAt.has(at(c.text, d)), `${c.name}: ${d.code} in [${group}] was dropped although ${configRule} did not report there`);
        continue;
      }
      pairsSeen.add(`${d.code} → ${configRule}`);
      assert.ok(!mergedAt.has(at(c.text, d)), `${c.name}: ${d.code} in [${group}] is reported again next to ${configRule}`);
    }
    // No two findings of a pair on one line or group survive.
    for (const [p, cfg] of Object.entries(pipelineRulesCoveredByConfigRules)) {
      for (const d of merged.filter((x) => x.code === p)) assert.ok(!mergedAt.has(`${cfg}@${groupOfLine(c.text, d.range.start.line)}`), `${c.name}: ${p} and ${cfg} both in one group`);
    }
  }
  assert.deepEqual([...pairsSeen].sort(), Object.entries(pipelineRulesCoveredByConfigRules).map(([p, c]) => `${p} → ${c}`).sort());
});

test('the audit lines: one batch warning at :56 and one OSD warning at :96 of the example', () => {
  const ds = lintConfig(examplePath, exampleText, 'config-other', dgpu, diskFiles);
  const onLine = (n: number) => ds.filter((d) => d.range.start.line === n - 1 && d.severity === 'warning').map((d) => d.code);
  assert.deepEqual(onLine(56), ['config/mux-batch-vs-sources']);
  assert.deepEqual(onLine(96), ['config/osd-cpu-mode']);
  assert.deepEqual(onLine(110), ['config/sink-sync-in-perf']);
  // The OSD-in-a-profiled-run hint has no config rule twin: it stays, once.
  assert.equal(ds.filter((d) => d.code === 'pipeline/profiling-tiler-osd').length, 1);
});
