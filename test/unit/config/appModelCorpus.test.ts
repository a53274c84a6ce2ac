// The pipeline rules run on the app model of every corpus config (dGPU and Jetson) and give no
// false positive: no `pipeline/unlinked-pad` at all, and every other pipeline/* finding is listed
// below with the reason it is right.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintDiagnostic } from '../../../server/lint/diagnostic';
import { diskFiles } from '../../../server/lint/diskFiles';
import { lintConfig } from '../../../server/lint/config/index';
import { corpusRoot, dgpu, jetson, walk } from './support';

interface Justified {
  code: string;
  matches(d: LintDiagnostic): boolean;
  reason: string;
}

/** The pipeline findings that remain on NVIDIA's configs, each with why it is not a false positive. */
const justified: Justified[] = [
  {
    code: 'pipeline/profiling-tiler-osd',
    matches: (d) => d.severity === 'hint' && /^`nvdsosd` "osd" is part of a profiled run/.test(d.message),
    reason:
      'the config enables [osd] together with enable-perf-measurement=1: nvdsosd only draws for the viewer, so it adds work to the measured run. A hint, and no config rule says it ' +
      '(config/tiler-in-perf covers [tiled-display]; its pipeline twin is dropped).',
  },
];

test('no false pipeline/* findings on the 300 corpus configs', () => {
  const files = walk(corpusRoot);
  assert.equal(files.length, 300);
  const unexplained: string[] = [];
  const counts = new Map<string, number>();
  let unlinked = 0;
  for (const options of [dgpu, jetson]) {
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const d of lintConfig(f, text, 'config-other', options, diskFiles)) {
        if (!d.code.startsWith('pipeline/')) continue;
        if (d.code === 'pipeline/unlinked-pad') unlinked++;
        const j = justified.find((x) => x.code === d.code && x.matches(d));
        if (j) counts.set(j.code, (counts.get(j.code) ?? 0) + 1);
        else unexplained.push(`${options.target} ${path.relative(corpusRoot, f)}:${d.range.start.line + 1} ${d.severity} ${d.code} ${d.message}`);
      }
    }
  }
  assert.equal(unlinked, 0, 'pipeline/unlinked-pad on corpus configs');
  assert.deepEqual(unexplained, []);
  // The justified findings really occur (the list is not stale): every config with [osd] enabled in a perf run.
  for (const j of justified) assert.ok((counts.get(j.code) ?? 0) > 0, `${j.code} is listed but never seen`);
});
