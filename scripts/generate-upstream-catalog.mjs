#!/usr/bin/env node
// Generates server/lint/pipeline/data/upstream-elements.json from `gst-inspect-1.0` output: every
// element factory the installed GStreamer knows (Debian: gstreamer1.0-tools and
// gstreamer1.0-plugins-base/good/bad/ugly, gstreamer1.0-libav), with pad templates (media types
// and caps features only, not full caps) and properties (type, range, default, enum/flags values,
// blurb, writability). Run it by hand when the catalog should follow a new GStreamer; the JSON is
// committed and nothing runs gst-inspect at test or lint time.
//   node scripts/generate-upstream-catalog.mjs [--out PATH] [factory ...]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const outPath = outIdx >= 0 ? args[outIdx + 1] : path.join(root, 'server/lint/pipeline/data/upstream-elements.json');
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');

function inspect(argv) {
  return execFileSync('gst-inspect-1.0', argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GST_DEBUG: '0', LC_ALL: 'C' } });
}

function listFactories() {
  // lines: "plugin:  factory: Long name"
  const out = [];
  for (const line of inspect([]).split('\n')) {
    const m = /^([\w-]+):\s+([\w-]+):\s/.exec(line);
    if (m) out.push(m[2]);
  }
  return [...new Set(out)].sort();
}

const typeNames = [
  [/^Boolean/, 'boolean'],
  [/^Unsigned Integer64/, 'uint64'],
  [/^Integer64/, 'int64'],
  [/^Unsigned Long/, 'ulong'],
  [/^Long/, 'long'],
  [/^Unsigned Integer/, 'uint'],
  [/^Integer/, 'int'],
  [/^Float/, 'float'],
  [/^Double/, 'double'],
  [/^String/, 'string'],
  [/^Enum/, 'enum'],
  [/^Flags/, 'flags'],
  [/^Caps/, 'caps'],
  [/^Object of type/, 'object'],
  [/^Boxed pointer/, 'boxed'],
  [/^Pointer/, 'pointer'],
  [/^Fraction/, 'fraction'],
];

function parseProperties(lines) {
  const props = [];
  let cur;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const head = /^ {2}([a-z0-9][\w-]*)\s*: (.*)$/.exec(line);
    if (head) {
      cur = { name: head[1], type: 'other', blurb: head[2].trim(), writable: false };
      props.push(cur);
      continue;
    }
    if (!cur) continue;
    const t = line.trim();
    if (t.startsWith('flags:')) {
      cur.writable = /\bwritable\b/.test(t);
      if (/deprecated/.test(t)) cur.deprecated = 'marked deprecated by the element';
      continue;
    }
    const ev = /^\((-?\d+)\): (\S+)\s+- (.*)$/.exec(t) ?? /^\((0x[0-9a-f]+)\): (\S+)\s+- (.*)$/.exec(t);
    if (ev && (cur.type === 'enum' || cur.type === 'flags')) {
      (cur.values ??= []).push({ value: Number(ev[1]), nick: ev[2], description: ev[3].trim() });
      continue;
    }
    if (cur.type !== 'other') continue;
    for (const [re, name] of typeNames) {
      if (!re.test(t)) continue;
      cur.type = name;
      const range = /Range: (-?[\d.e+]+) - (-?[\d.e+]+)/.exec(t);
      if (range) {
        cur.minimum = Number(range[1]);
        cur.maximum = Number(range[2]);
      }
      const def = /Default: (.*?)\s*$/.exec(t);
      if (def) {
        let d = def[1];
        const en = /^(?:0x[0-9a-f]+|-?\d+), "(.*)"$/.exec(d);
        if (en) d = en[1];
        if (d.startsWith('"') && d.endsWith('"')) d = d.slice(1, -1);
        if (d !== 'null') cur.default = d;
      }
      break;
    }
  }
  return props;
}

function memoryOf(capsLines) {
  const mem = new Set();
  const types = [];
  for (const l of capsLines) {
    const m = /^ {6}([A-Za-z][\w.+-]*\/[\w.+-]+|ANY|EMPTY)(\(([^)]*)\))?\s*$/.exec(l);
    if (!m) continue;
    types.push(m[0].trim());
    if (m[1] === 'ANY') mem.add('any');
    else if (!m[3]) mem.add('system');
    else if (/memory:NVMM/.test(m[3])) mem.add('NVMM');
    else if (m[3] === 'ANY') mem.add('any');
    else mem.add('system');
  }
  return { caps: types.join('; '), memory: [...mem] };
}

function parsePads(lines) {
  const pads = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {2}(SRC|SINK) template: '([^']+)'/.exec(lines[i]);
    if (!m) continue;
    let presence = 'always';
    const capsLines = [];
    let j = i + 1;
    for (; j < lines.length && !/^ {2}\S/.test(lines[j]); j++) {
      const a = /Availability: (\w+)/.exec(lines[j]);
      if (a) presence = a[1].toLowerCase() === 'on' ? 'request' : a[1].toLowerCase();
      capsLines.push(lines[j]);
    }
    if (presence === 'on request') presence = 'request';
    const { caps, memory } = memoryOf(capsLines);
    pads.push({ name: m[2], direction: m[1] === 'SRC' ? 'src' : 'sink', presence, caps, memory });
    i = j - 1;
  }
  return pads;
}

function section(lines, title) {
  const s = lines.findIndex((l) => l.startsWith(title));
  if (s < 0) return [];
  const out = [];
  for (let i = s + 1; i < lines.length; i++) {
    if (/^\S/.test(lines[i])) break;
    out.push(lines[i]);
  }
  return out;
}

function describe(factory) {
  let text;
  try {
    text = inspect([factory]);
  } catch {
    return undefined;
  }
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const field = (name) => {
    const l = lines.find((x) => x.startsWith(`  ${name} `));
    return l ? l.slice(2 + name.length).trim() : '';
  };
  const pluginLines = section(lines, 'Plugin Details:');
  const plugin = (pluginLines.find((l) => /^\s+Name\s/.test(l)) ?? '').replace(/^\s+Name\s+/, '');
  const availability = lines.some((l) => /Availability: On request/.test(l));
  const padLines = section(lines, 'Pad Templates:').map((l) => l.replace(/Availability: On request/, 'Availability: request'));
  const pads = parsePads(['', ...padLines.map((l) => l)]).map((p) => p);
  void availability;
  const propLines = section(lines, 'Element Properties:');
  const isBin = lines.some((l) => /\+----GstBin$/.test(l));
  const e = {
    factory,
    plugin,
    klass: field('Klass'),
    description: field('Description'),
    origin: 'upstream',
    source: `gst-inspect-1.0 ${factory}`,
    pads,
    properties: parseProperties(propLines),
  };
  if (isBin) e.isBin = true;
  return e;
}

const factories = only.length ? only : listFactories();
const elements = [];
for (const f of factories) {
  const e = describe(f);
  if (e) elements.push(e);
}
const version = /GStreamer ([\d.]+)/.exec(execFileSync('gst-inspect-1.0', ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
// Many elements share identical properties (the libav encoders above all): store each distinct
// property once in propertyTable and let elements refer to it by index.
const propertyTable = [];
const tableIndex = new Map();
for (const e of elements) {
  e.properties = e.properties.map((p) => {
    const key = JSON.stringify(p);
    if (!tableIndex.has(key)) {
      tableIndex.set(key, propertyTable.length);
      propertyTable.push(p);
    }
    return tableIndex.get(key);
  });
}
const data = {
  origin: 'upstream',
  version,
  propertyTable,
  generatedFrom: `gst-inspect-1.0 (GStreamer ${version}, Debian packages gstreamer1.0-plugins-base/good/bad/ugly, gstreamer1.0-libav) via scripts/generate-upstream-catalog.mjs`,
  elements,
};
writeFileSync(outPath, JSON.stringify(data) + '\n');
console.log(`wrote ${elements.length} elements to ${path.relative(root, outPath)}`);
