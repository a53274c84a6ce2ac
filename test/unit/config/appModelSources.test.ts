// The sources of the deepstream-app pipeline model: YAML `source: csv-file-path:` rows counted as
// deepstream_app_config_parser_yaml.cpp counts them, [source-list] URIs, a stand-in when the CSV
// cannot be read; configs that are not whole deepstream-app configs (Python / Service Maker
// samples, OTA override fragments, parallel-infer GIE files) get no app pipeline at all; secondary
// GIEs infer on objects (deepstream-app forces process-mode=2).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FileAccess, LintDiagnostic } from '../../../server/lint/diagnostic';
import { diskFiles } from '../../../server/lint/diskFiles';
import { readApp, readSourceCsv } from '../../../server/lint/config/appModel';
import { buildAppGraph } from '../../../server/lint/config/appPipeline';
import { lintConfig, parseConfig } from '../../../server/lint/config/index';
import type { PipelineGraph } from '../../../server/lint/pipeline/model';
import { corpusFile, dgpu, only } from './support';

// The source CSVs NVIDIA ships next to these configs (not part of the shared corpus), verbatim from
// NVIDIA/DeepStream src/apps/tao_apps/deepstream_app_tao_configs/source_tao_app.csv and
// src/apps/sample_apps/deepstream-test5/configs/sources_4.csv (no newline at the end there either).
const taoCsv = 'enable,type,uri,num-sources,gpu-id,cudadec-memtype\n1,3,file:///opt/nvidia/deepstream/deepstream/samples/streams/sample_1080p_h265.mp4,1,0,0\n';
const test5Csv =
  'enable,type,uri,num-sources,gpu-id,nvbuf-memory-type\n1,3,file:///opt/nvidia/deepstream/deepstream/samples/streams/sample_1080p_h264.mp4,2,0,0\n1,3,file:///opt/nvidia/deepstream/deepstream/samples/streams/sample_1080p_h264.mp4,2,0,0';

/** The disk, plus the given files (absolute path → text) that the corpus lacks. */
function diskWith(extra: Record<string, string>): FileAccess {
  return {
    readText: (p) => (p in extra ? { text: extra[p] } : diskFiles.readText(p)),
    exists: (p) => p in extra || diskFiles.exists(p),
  };
}

function lintWith(file: { path: string; text: string }, files: FileAccess): LintDiagnostic[] {
  return lintConfig(file.path, file.text, 'config-other', dgpu, files);
}

function graphWith(file: { path: string; text: string }, files: FileAccess): PipelineGraph {
  const { doc } = parseConfig(file.path, file.text);
  return buildAppGraph(readApp(doc, file.path, files), file.path, dgpu);
}

function intoMux(g: PipelineGraph): string[] {
  const mux = g.elements.findIndex((e) => e.factory === 'nvstreammux');
  return g.links.filter((l) => l.to.element === mux).map((l) => `${g.elements[l.from.element].factory} ${g.elements[l.from.element].name}`);
}

const taoYml = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet.yml');
const taoCsvPath = path.join(path.dirname(taoYml.path), 'source_tao_app.csv');

test('readSourceCsv counts rows as deepstream-app does: enable column, num-sources copies of type 3', () => {
  assert.deepEqual(
    readSourceCsv(test5Csv).map((r) => [r.line, r.type, r.streams]),
    [
      [2, 3, 2],
      [3, 3, 2],
    ],
  );
  // Leading comments and blank lines before the header, a disabled row, CRLF, a type-4 RTSP row.
  const rows = readSourceCsv('# sources\n\n enable,type,uri,num-sources\r\n0,3,file:///a.mp4,4\r\n1,4,rtsp://cam/1,1\r\n1,3,file:///b.mp4,0\r\n');
  assert.deepEqual(
    rows.map((r) => [r.line, r.type, r.uri, r.streams]),
    [
      [5, 4, 'rtsp://cam/1', 1],
      [6, 3, 'file:///b.mp4', 1],
    ],
  );
  // The app's source config starts zeroed: without an `enable` column no row is enabled.
  assert.deepEqual(readSourceCsv('type,uri\n3,file:///a.mp4\n'), []);
  assert.deepEqual(readSourceCsv('# only a comment\n'), []);
});

test('YAML CSV sources feed the muxer: the TAO app with its CSV has its source linked and no unlinked-pad', () => {
  const files = diskWith({ [taoCsvPath]: taoCsv });
  const g = graphWith(taoYml, files);
  assert.deepEqual(intoMux(g), ['nvurisrcbin source_csv2']);
  const ds = lintWith(taoYml, files);
  assert.deepEqual(only(ds, 'pipeline/unlinked-pad'), []);
  assert.deepEqual(only(ds, 'config/mux-batch-vs-sources'), [], 'one stream, batch-size 1');
});

test('the audit repro: a 2-row CSV gives the batch warning once (config rule) and no "nothing is linked"', () => {
  const twoRows = taoCsv + '1,3,file:///opt/nvidia/deepstream/deepstream/samples/streams/sample_1080p_h264.mp4,1,0,0\n';
  const files = diskWith({ [taoCsvPath]: twoRows });
  assert.equal(intoMux(graphWith(taoYml, files)).length, 2);
  const ds = lintWith(taoYml, files);
  assert.deepEqual(only(ds, 'pipeline/unlinked-pad'), []);
  const batch = only(ds, 'config/mux-batch-vs-sources');
  assert.equal(batch.length, 1);
  assert.match(batch[0].message, /batch-size=1 but 2 streams/);
  assert.deepEqual(only(ds, 'pipeline/streammux-batch-size'), [], 'the config rule already says it');
});

test('test5 sources_4.csv: two type-3 rows of num-sources=2 are four streams into the muxer', () => {
  const y = corpusFile('src/apps/sample_apps/deepstream-test5/configs/test5_config_file_src_infer.yml');
  const files = diskWith({ [path.join(path.dirname(y.path), 'sources_4.csv')]: test5Csv });
  const { doc } = parseConfig(y.path, y.text);
  const app = readApp(doc, y.path, files);
  assert.equal(app.streamCount, 4);
  assert.equal(app.undeterminedSources, undefined);
  const g = buildAppGraph(app, y.path, dgpu);
  assert.deepEqual(intoMux(g), ['nvurisrcbin source_csv2_0', 'nvurisrcbin source_csv2_1', 'nvurisrcbin source_csv3_0', 'nvurisrcbin source_csv3_1']);
  assert.deepEqual(only(lintWith(y, files), 'pipeline/unlinked-pad'), []);
});

test('an unreadable CSV: sources of unknown number, no claim that nothing is linked, no batch comparison', () => {
  // The corpus lacks source_tao_app.csv: config/missing-file says so; the pipeline model must not add to it.
  const { doc } = parseConfig(taoYml.path, taoYml.text);
  const app = readApp(doc, taoYml.path, diskFiles);
  assert.equal(app.streamCount, undefined);
  assert.match(app.undeterminedSources?.why ?? '', /source_tao_app\.csv.*does not exist/);
  assert.deepEqual(intoMux(buildAppGraph(app, taoYml.path, dgpu)), ['nvurisrcbin source_undetermined']);
  const ds = lintWith(taoYml, diskFiles);
  assert.ok(only(ds, 'config/missing-file').some((d) => d.message.includes('source_tao_app.csv')), 'the missing CSV is reported by the config rule');
  assert.deepEqual(only(ds, 'pipeline/unlinked-pad'), []);
  assert.deepEqual(only(ds, 'pipeline/streammux-batch-size'), []);
});

test('[source-list] URIs are sources of the muxer (test5 with nvmultiurisrcbin)', () => {
  const t = corpusFile('src/apps/sample_apps/deepstream-test5/configs/test5_config_file_nvmultiurisrcbin_src_list_attr_all.txt');
  const g = graphWith(t, diskFiles);
  assert.deepEqual(intoMux(g), ['nvurisrcbin source-list_0', 'nvurisrcbin source-list_1']);
  const ds = lintWith(t, diskFiles);
  assert.deepEqual(only(ds, 'pipeline/unlinked-pad'), []);
  // Its secondary GIEs have batch-size=16 (objects): deepstream-app runs them with process-mode=2.
  assert.deepEqual(only(ds, 'pipeline/infer-batch-size'), []);
  const sgie = g.elements.find((e) => e.name === 'secondary-gie0');
  assert.equal(sgie?.properties.find((p) => p.key === 'process-mode')?.value, '2');
});

test('configs that are not whole deepstream-app configs get no app pipeline findings', () => {
  for (const rel of [
    // Python / Service Maker samples: per-element property files (the linter says "looks written for ...").
    'src/apps/sample_apps/deepstream-test1/dstest1_config.yml',
    'src/apps/sample_apps/deepstream-test3/dstest3_config.yml',
    'src/apps/sample_apps/deepstream-multigpu-nvlink-test/dsmultigpu_config.yml',
    // A test5 OTA override: only [primary-gie], merged into the running app's config.
    'src/apps/sample_apps/deepstream-test5/configs/test5_ota_override_config.txt',
    // deepstream-nmos reads [receiverN] with its own parser.
    'src/apps/sample_apps/deepstream-nmos/configs/recv_config.txt',
  ]) {
    const f = corpusFile(rel);
    const ds = lintWith(f, diskFiles);
    assert.equal(parseConfig(f.path, f.text).kind, 'deepstream-app', `${rel} is read with the deepstream-app schema`);
    assert.deepEqual(
      ds.filter((d) => d.code.startsWith('pipeline/')).map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`),
      [],
      rel,
    );
  }
});
