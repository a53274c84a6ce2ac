// GStreamer pipeline graphs: written by real GStreamer (python3-gi, gst_debug_bin_to_dot_file
// through GST_DEBUG_DUMP_DOT_DIR) at test time, then parsed: NVMM vs system memory per link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fakeNsysDir } from '../../support/sshd';
import { parseDotGraph, summarizeDotGraph, linkMemory } from '../../../client/profile/core/dotGraph';

function gstGraphs(args: { python?: string; launch?: string[] }): { file: string; text: string }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-dot-'));
  try {
    const env = { ...process.env, GST_DEBUG_DUMP_DOT_DIR: dir };
    if (args.python) execFileSync('/usr/bin/python3', [args.python], { env, stdio: 'pipe' });
    if (args.launch) execFileSync('gst-launch-1.0', ['-q', ...args.launch], { env, stdio: 'pipe' });
    return fs.readdirSync(dir).filter((f) => f.endsWith('.dot')).sort().map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('NVMM and system-memory links from a graph GStreamer wrote', () => {
  const [g] = gstGraphs({ python: path.join(fakeNsysDir, 'gst_app.py') });
  const parsed = parseDotGraph(g.text);
  assert.equal(parsed.pipeline, 'pipeline0');
  const names = parsed.elements.map((e) => e.name).sort();
  for (const n of ['src', 'q_nvmm', 'infer', 'sink_nvmm', 'videotestsrc0', 'capsfilter0', 'q_sys', 'sink_sys']) assert.ok(names.includes(n), `${n} in ${names.join(',')}`);
  assert.equal(parsed.elements.find((e) => e.name === 'q_nvmm')?.type, 'GstQueue');
  const byPair = new Map(parsed.links.map((l) => [`${l.from.element}.${l.from.pad}->${l.to.element}.${l.to.pad}`, l]));
  const nv = byPair.get('src.src->q_nvmm.sink');
  assert.ok(nv, [...byPair.keys()].join(' '));
  assert.equal(nv.memory, 'NVMM');
  assert.equal(nv.media, 'video/x-raw(memory:NVMM)');
  assert.deepEqual([nv.fields.format, nv.fields.width, nv.fields.height, nv.fields.framerate], ['NV12', '1920', '1080', '30/1']);
  const sys = byPair.get('q_sys.src->sink_sys.sink');
  assert.ok(sys);
  assert.equal(sys.memory, 'system');
  assert.equal(sys.fields.format, 'RGBA');
  const s = summarizeDotGraph(g.file, g.text);
  assert.equal(s.nvmmLinks, 3);
  assert.equal(s.systemLinks, 3);
  assert.equal(s.links.length, 6);
});

test('gst-launch state-change graphs: unnegotiated links are unknown, negotiated ones system memory', () => {
  const graphs = gstGraphs({ launch: ['videotestsrc', 'num-buffers=2', '!', 'video/x-raw,format=I420,width=320,height=240', '!', 'queue', '!', 'fakesink'] });
  const names = graphs.map((g) => g.file.replace(/^[\d.]+-/, ''));
  assert.ok(names.includes('gst-launch.PAUSED_PLAYING.dot'), names.join(','));
  const playing = graphs.find((g) => g.file.endsWith('PAUSED_PLAYING.dot'))!;
  const s = summarizeDotGraph(playing.file, playing.text);
  assert.equal(s.nvmmLinks, 0);
  const first = s.links.find((l) => l.from.startsWith('videotestsrc0'));
  assert.equal(first?.memory, 'system');
  assert.equal(first?.format, 'I420');
  assert.equal(first?.size, '320x240');
  const ready = summarizeDotGraph('r', graphs.find((g) => g.file.endsWith('NULL_READY.dot'))!.text);
  assert.ok(ready.links.every((l) => l.memory === 'unknown' || l.memory === 'system'));
});

test('caps features decide the memory kind', () => {
  assert.equal(linkMemory('video/x-raw(memory:NVMM)'), 'NVMM');
  assert.equal(linkMemory('video/x-raw(memory:NVMM, meta:GstVideoOverlayComposition)'), 'NVMM');
  assert.equal(linkMemory('video/x-raw(memory:SystemMemory)'), 'system');
  assert.equal(linkMemory('video/x-h264'), 'system');
  assert.equal(linkMemory('ANY'), 'unknown');
  assert.equal(linkMemory(''), 'unknown');
});
