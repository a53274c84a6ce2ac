// deepstream-app configs as the pipeline they build: elements in deepstream-app's order, links,
// properties with the config's ranges; the pipeline rules run on it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { diskFiles } from '../../../server/lint/diskFiles';
import { readApp } from '../../../server/lint/config/appModel';
import { buildAppGraph } from '../../../server/lint/config/appPipeline';
import { parseConfig } from '../../../server/lint/config/index';
import { corpusFile, dgpu, jetson, lineOf, mutate } from './support';

const app3 = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet_vehiclemakenet_vehicletypenet.txt');

function graphOf(p: string, text: string, options = dgpu) {
  const { doc } = parseConfig(p, text);
  const app = readApp(doc, p, diskFiles);
  return { app, graph: buildAppGraph(app, p, options) };
}

test('the three-GIE TAO app becomes source → mux → pgie → tracker → sgies → tiler → osd → tee → sink', () => {
  const { app, graph } = graphOf(app3.path, app3.text);
  assert.equal(app.streamCount, 1);
  assert.equal(app.gies.length, 3);
  assert.equal(app.gies[0].nvinfer?.uniqueId, 1, 'the pgie config is read through FileAccess');
  const chain: string[] = [];
  let cur = graph.elements.findIndex((e) => e.factory === 'nvurisrcbin');
  const seen = new Set<number>();
  while (cur >= 0 && !seen.has(cur)) {
    seen.add(cur);
    chain.push(graph.elements[cur].factory);
    const next = graph.links.find((l) => l.from.element === cur);
    cur = next ? next.to.element : -1;
  }
  assert.deepEqual(chain, ['nvurisrcbin', 'nvstreammux', 'nvinfer', 'nvtracker', 'nvinfer', 'nvinfer', 'nvmultistreamtiler', 'nvvideoconvert', 'nvdsosd', 'tee', 'queue', 'nveglglessink']);
  assert.equal(graph.origin, 'config');
  assert.equal(graph.links.find((l) => graph.elements[l.to.element].factory === 'nvstreammux')?.to.pad, 'sink_0');
});

test('properties carry the ranges of their config keys', () => {
  const { graph } = graphOf(app3.path, app3.text);
  const mux = graph.elements.find((e) => e.factory === 'nvstreammux')!;
  const bs = mux.properties.find((p) => p.key === 'batch-size')!;
  const line = app3.text.split('\n').findIndex((l, i) => l.startsWith('batch-size=') && i > lineOf(app3.text, /^\[streammux\]/));
  assert.equal(bs.value, '1');
  assert.deepEqual(bs.keyRange.start, { line, character: 0 });
  const pgie = graph.elements.find((e) => e.factory === 'nvinfer')!;
  assert.equal(pgie.properties.find((p) => p.key === 'config-file-path')?.value, 'nvinfer/config_infer_primary_trafficcamnet.txt');
  assert.equal(pgie.properties.find((p) => p.key === 'unique-id')?.value, '1');
  assert.deepEqual(pgie.factoryRange.start, { line: lineOf(app3.text, /^\[primary-gie\]/), character: 1 });
});

test('num-sources copies, disabled sinks, file sinks and the platform display sink', () => {
  const text = mutate(mutate(app3.text, 'num-sources=1', 'num-sources=3'), /(\[sink1\]\n)enable=0/, '$1enable=1');
  const { app, graph } = graphOf(app3.path, text, jetson);
  assert.equal(app.streamCount, 3);
  assert.equal(graph.elements.filter((e) => e.factory === 'nvurisrcbin').length, 3);
  const factories = graph.elements.map((e) => e.factory);
  assert.ok(factories.includes('nv3dsink'), 'type=2 on Jetson');
  assert.ok(factories.includes('nvv4l2h264enc') && factories.includes('qtmux') && factories.includes('filesink'));
  assert.ok(!factories.includes('udpsink'), 'sink2 is disabled');
});

test('YAML app configs build the same graph shape', () => {
  const y = corpusFile('src/apps/tao_apps/deepstream_app_tao_configs/deepstream_app_source1_trafficcamnet_vehiclemakenet_vehicletypenet.yml');
  const { graph } = graphOf(y.path, y.text);
  for (const f of ['nvstreammux', 'nvinfer', 'nvtracker', 'nvmultistreamtiler', 'nvdsosd']) assert.ok(graph.elements.some((e) => e.factory === f), f);
});
