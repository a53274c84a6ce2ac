// DeepStream versions of config keys (schema/versionEvidence.ts, derived from the parser sources of
// DeepStream 4.0.1, 5.0, 6.0–6.3, 8.0, 9.0 and 9.1), the rules that judge a config against the target
// version (LintOptions.dsVersion) and the hover text, on real corpus configs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describeKey, getKeySchema, getKindSchema, listGroupKeys, parseConfig } from '../../../server/lint/config/index';
import type { ConfigKind } from '../../../server/lint/config/schema/types';
import { compareVersions, describeVersions } from '../../../server/lint/config/schema/versions';
import { versionEvidence } from '../../../server/lint/config/schema/versionEvidence';
import { keyDocMarkdown, keySchema, groupSchema } from '../../../server/lsp/configSchemaLookup';
import { nvinferSchema } from '../../../server/lint/config/schema/nvinferSchema';
import { corpusFile, corpusRoot, everythingExists, lineOf, lint, mutate, only, walk } from './support';

const at = (dsVersion: string) => ({ target: 'dgpu' as const, dsVersion });

test('compareVersions orders releases numerically', () => {
  assert.ok(compareVersions('6.10', '6.9') > 0);
  assert.ok(compareVersions('6.1.1', '6.1') > 0);
  assert.equal(compareVersions('9.0', '9'), 0);
  assert.ok(compareVersions('7.1', '8.0') < 0);
});

test('nvinfer keys: first version whose parser reads them, deprecations and removals', () => {
  const p = (key: string) => getKeySchema('nvinfer', 'property', key)!;
  assert.equal(p('batch-size').since, '4.0.1');
  assert.equal(p('batch-size').sinceAfter, undefined, 'read by the oldest sources checked');
  assert.deepEqual([p('cluster-mode').since, p('cluster-mode').sinceAfter], ['5.0', '4.0.1']);
  assert.deepEqual([p('network-input-order').since, p('network-input-order').sinceAfter], ['6.0', '5.0']);
  assert.deepEqual([p('crop-objects-to-roi-boundary').since, p('crop-objects-to-roi-boundary').sinceAfter], ['6.2', '6.1.1']);
  assert.deepEqual([p('max-gpu-mem-per').since, p('max-gpu-mem-per').sinceAfter], ['6.3', '6.2']);
  // #defined in the 6.1.1 header already, but only the 8.0 parser compares it.
  assert.deepEqual([p('disable-output-host-copy').since, p('disable-output-host-copy').sinceAfter], ['8.0', '6.3']);
  assert.deepEqual([p('strongly-typed').since, p('strongly-typed').sinceAfter], ['9.0', '8.0']);
  assert.equal(p('uff-file').removedIn, '8.0');
  assert.equal(p('model-file').removedIn, '8.0');
  assert.equal(p('onnx-file').removedIn, undefined);
  assert.equal(p('enable-dbscan').deprecatedSince, '5.0');
  assert.equal(getKeySchema('nvinfer', 'class-attrs-all', 'threshold')!.deprecatedSince, '5.0');
  assert.deepEqual([getKeySchema('nvinfer', 'class-attrs-0', 'topk')!.since, getKeySchema('nvinfer', 'class-attrs-0', 'topk')!.sinceAfter], ['5.0', '4.0.1']);
  assert.equal(p('parse-func').since, undefined, 'never read by any checked parser');
});

test('deepstream-app keys: versions per parse function, keys older parsers read', () => {
  assert.equal(getKeySchema('deepstream-app', 'tracker', 'enable-past-frame')!.removedIn, '6.3');
  assert.equal(getKeySchema('deepstream-app', 'streammux', 'config-file')!.removedIn, '8.0');
  assert.equal(getKeySchema('deepstream-app', 'streammux', 'config-file-path')!.since, '8.0');
  // Sink keys of the overlay sink, read up to 6.0.1 and no more: added to the schema from the evidence.
  const overlay = getKeySchema('deepstream-app', 'sink2', 'overlay-id')!;
  assert.deepEqual([overlay.since, overlay.removedIn, overlay.ignored], ['4.0.1', '6.1', true]);
  assert.equal(getKeySchema('deepstream-app', 'source0', 'smart-rec-video-cache')!.deprecatedSince, '6.0');
  assert.equal(getKeySchema('deepstream-app', 'primary-gie', 'config-file')!.since, '4.0.1');
  assert.equal(getKeySchema('deepstream-app', 'secondary-gie3', 'config-file')!.since, '4.0.1');
});

test('plugin configs: versions from the first sources that contain each parser', () => {
  assert.equal(getKeySchema('preprocess', 'property', 'network-input-shape')!.since, '6.0');
  assert.equal(getKeySchema('preprocess', 'group-0', 'roi-params-src-1')!.since, '6.0');
  assert.equal(getKeySchema('analytics', 'property', 'config-width')!.since, '6.3');
  assert.equal(getKeySchema('analytics', 'line-crossing-stream-0', 'line-crossing-Exit')!.since, '6.3');
  assert.equal(getKeySchema('dewarper', 'surface0', 'projection-type')!.since, '6.2');
  assert.equal(getKeySchema('metamux', 'property', 'active-pad')!.since, '9.0');
  assert.equal(getKeySchema('metamux', 'group-0', 'src-ids-model-1')!.since, '9.0');
});

test('every key the newest checked parsers read has version evidence; counts by kind', () => {
  const counts: string[] = [];
  for (const [kind, comp] of [['nvinfer', 'nvinfer'], ['deepstream-app', 'app'], ['preprocess', 'preprocess'], ['analytics', 'analytics'], ['dewarper', 'dewarper'], ['metamux', 'metamux']] as [ConfigKind, string][]) {
    const ks = getKindSchema(kind);
    const all = ks.groups.flatMap((g) => [...Object.values(g.keys), ...(g.keyPatterns ?? []).map((p) => p.schema)]);
    const unique = new Set(all);
    const withSince = [...unique].filter((s) => s.since).length;
    const withDeprecation = [...unique].filter((s) => s.deprecated || s.removedIn).length;
    counts.push(`${kind}: ${withSince}/${unique.size} keys with since, ${withDeprecation} deprecated/removed`);
    // Every key of the newest checked parser that the schema knows carries its evidence.
    const ev = versionEvidence[comp];
    const newest = ev.checked[ev.checked.length - 1];
    for (const [, keys] of Object.entries(ev.groups)) {
      for (const [key, t] of Object.entries(keys)) {
        if (t[2] || key.endsWith('-')) continue;
        for (const s of all.filter((x) => x.key === key)) assert.ok(s.since, `${kind} ${key} read by the ${newest} parser has no since`);
      }
    }
  }
  console.log(counts.join('\n'));
  const nvinferKeys = Object.values(nvinferSchema.groups[0].keys);
  assert.deepEqual(nvinferKeys.filter((s) => !s.since).map((s) => s.key), ['parse-func'], 'nvinfer [property] keys without since');
});

test('no key of the 300 DeepStream 9.1 corpus configs is newer than 9.1; every nvinfer key has a since', () => {
  let seen = 0;
  for (const f of walk(corpusRoot)) {
    const { doc, kind } = parseConfig(f, fs.readFileSync(f, 'utf8'));
    for (const g of doc.groups) {
      for (const e of g.entries) {
        const s = getKeySchema(kind, g.name, e.key);
        if (!s?.since) continue;
        seen++;
        assert.ok(compareVersions(s.since, '9.1') <= 0, `${f} ${e.key} since ${s.since}`);
      }
    }
  }
  assert.ok(seen > 2000, `keys with evidence used by the corpus: ${seen}`);
  for (const s of listGroupKeys('nvinfer', 'property')) if (s.key !== 'parse-func') assert.ok(s.since, `nvinfer ${s.key}`);
});

const tcnApp = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet_vehiclemakenet_vehicletypenet.txt');
const tcnInfer = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/nvinfer/config_infer_primary_trafficcamnet.txt');
const yolo = corpusFile('tools/yolo_deepstream/deepstream_yolo/config_infer_primary_yoloV8.txt');

test('removed keys warn only when the target release no longer reads them ([tracker] enable-batch-process: 6.3)', () => {
  const lines = [lineOf(tcnApp.text, /^enable-batch-process/), lineOf(tcnApp.text, /^enable-past-frame/)];
  const at91 = only(lint(tcnApp.path, tcnApp.text, everythingExists, at('9.1')), 'config/deprecated-key');
  assert.deepEqual(at91.map((d) => d.range.start.line), lines);
  assert.ok(at91.every((d) => d.severity === 'warning' && /no effect in DeepStream 9\.1.*since DeepStream 6\.3/.test(d.message)), at91.map((d) => d.message).join('\n'));
  assert.ok(at91[0].fixes?.[0].title.startsWith('Remove'));
  assert.deepEqual(only(lint(tcnApp.path, tcnApp.text, everythingExists, at('6.2')), 'config/deprecated-key'), []);
});

test('Caffe/UFF keys: a warning from 8.0 on (no Caffe/UFF engine builder), nothing for a 6.3 target', () => {
  const line = lineOf(tcnInfer.text, /^uff-input-blob-name/);
  const d91 = only(lint(tcnInfer.path, tcnInfer.text, everythingExists, at('9.1')), 'config/deprecated-key').find((d) => d.range.start.line === line);
  assert.ok(d91);
  assert.equal(d91.severity, 'warning');
  assert.match(d91.message, /only from ONNX or a custom model parser/);
  const d63 = only(lint(tcnInfer.path, tcnInfer.text, everythingExists, at('6.3')), 'config/deprecated-key').find((d) => d.range.start.line === line);
  assert.equal(d63, undefined);
});

test('deprecations apply from the release that deprecated them (threshold: 5.0)', () => {
  const f = corpusFile('src/apps/tao_apps/configs/nvinfer/lpr_us_tao/sgie_lpr_us_config.txt');
  const line = lineOf(f.text, /^threshold=/);
  const now = only(lint(f.path, f.text, everythingExists, at('9.1')), 'config/deprecated-key').filter((d) => d.range.start.line === line);
  assert.equal(now.length, 1);
  assert.equal(now[0].severity, 'info');
  assert.match(now[0].message, /deprecated since DeepStream 5\.0: Use pre-cluster-threshold/);
  assert.equal(only(lint(f.path, f.text, everythingExists, at('4.0.1')), 'config/deprecated-key').filter((d) => d.range.start.line === line).length, 0);
});

test('newer-key: sure below the last release without the key, "may be" inside the unchecked 7.x gap', () => {
  const line = lineOf(yolo.text, /^disable-output-host-copy=/);
  const at71 = only(lint(yolo.path, yolo.text, everythingExists, at('7.1')), 'config/newer-key');
  assert.deepEqual(at71.map((d) => d.range.start.line), [line]);
  assert.match(at71[0].message, /may be newer than the target DeepStream 7\.1: first seen in the DeepStream 8\.0 sources, absent from 6\.3 \(7\.0, 7\.1 sources were not checked\)/);
  const at63 = only(lint(yolo.path, yolo.text, everythingExists, at('6.3')), 'config/newer-key');
  assert.match(at63[0].message, /is newer than the target DeepStream 6\.3/);
  // A key of 9.0 in a 9.1 corpus config, checked against 8.0 (one documented edit).
  const text = mutate(yolo.text, /^(crop-objects-to-roi-boundary=1)$/m, '$1\nstrongly-typed=1');
  const d = only(lint(yolo.path, text, everythingExists, at('8.0')), 'config/newer-key');
  assert.deepEqual(d.map((x) => x.range.start.line), [lineOf(text, /^strongly-typed/)]);
  assert.match(d[0].message, /9\.0 sources on \(not in 8\.0\)/);
});

test('hover text shows the versions honestly and warns against the target version', () => {
  const g = groupSchema(nvinferSchema, 'property')!;
  const crop = keySchema(g, 'crop-objects-to-roi-boundary')!;
  const md = keyDocMarkdown(crop, g, '9.1');
  assert.match(md, /seen in DeepStream 6\.2 sources, not in 6\.1\.1/);
  assert.doesNotMatch(md, /Newer than the target/);
  assert.match(keyDocMarkdown(crop, g, '6.1'), /Newer than the target DeepStream 6\.1/);
  assert.match(keyDocMarkdown(keySchema(g, 'disable-output-host-copy')!, g, '9.1'), /not in 6\.3 \(7\.0, 7\.1 sources not checked\)/);
  assert.match(keyDocMarkdown(keySchema(g, 'batch-size')!, g, '9.1'), /seen in DeepStream 4\.0\.1 sources \(the oldest checked\)/);
  const uff = keyDocMarkdown(keySchema(g, 'uff-file')!, g, '9.1');
  assert.match(uff, /no effect since 8\.0/);
  assert.match(uff, /No effect in the target DeepStream 9\.1/);
  assert.match(keyDocMarkdown(keySchema(g, 'parse-func')!, g, '9.1'), /no version evidence/);
  assert.match(describeKey(getKeySchema('nvinfer', 'class-attrs-all', 'threshold')!), /deprecated since 5\.0/);
  assert.equal(describeVersions(getKeySchema('nvinfer', 'property', 'parse-func')!), undefined);
});
