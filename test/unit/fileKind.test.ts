import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectFileKind, firstIniGroup } from '../../server/lint/fileKind';

test('INI configs are recognized by their first group, after a licence header', () => {
  const header = '# SPDX-License-Identifier: Apache-2.0\n# comment\n\n';
  assert.equal(firstIniGroup(header + '[property]\ngpu-id=0\n'), 'property');
  assert.equal(detectFileKind('/x/config_infer_primary.txt', header + '[property]\n'), 'nvinfer-config');
  assert.equal(detectFileKind('/x/app.txt', header + '[application]\nenable-perf-measurement=1\n'), 'deepstream-app-config');
  assert.equal(detectFileKind('/x/tracker.txt', '[tracker]\n'), 'deepstream-app-config');
  assert.equal(detectFileKind('/x/notes.txt', 'hello\n'), 'none');
});

test('host files are recognized by name', () => {
  assert.equal(detectFileKind('/x/run.sh'), 'shell');
  assert.equal(detectFileKind('/x/app.py'), 'python');
  assert.equal(detectFileKind('/x/main.cpp'), 'c');
  assert.equal(detectFileKind('/x/Dockerfile'), 'dockerfile');
  assert.equal(detectFileKind('/x/p.gst'), 'gst-pipeline');
});

test('YAML configs are recognized by their top-level keys', () => {
  assert.equal(detectFileKind('/x/pgie.yml', 'property:\n  gpu-id: 0\n'), 'nvinfer-config');
  assert.equal(detectFileKind('/x/app.yaml', 'application:\n  enable-perf-measurement: 1\n'), 'deepstream-app-config');
  assert.equal(detectFileKind('/x/other.yaml', 'foo: 1\n'), 'none');
});

test('nvinferserver protobuf text, split app YAML files and more tracker/Service Maker YAML are recognized', () => {
  assert.equal(detectFileKind('/x/config_infer_triton.txt', 'infer_config {\n  unique_id: 1\n}\n'), 'config-other');
  assert.equal(detectFileKind('/x/secondary-gie0.yml', 'secondary-gie0:\n  enable: 1\n'), 'deepstream-app-config');
  assert.equal(detectFileKind('/x/tracker0.yml', 'tracker:\n  enable: 1\n'), 'deepstream-app-config');
  assert.equal(detectFileKind('/x/override.yml', 'VisualTracker:\n  visualTrackerType: 2\n'), 'config-other');
  assert.equal(detectFileKind('/x/app.yaml', 'deepstream:\n  nodes:\n    - type: nvinfer\n'), 'config-other');
});
