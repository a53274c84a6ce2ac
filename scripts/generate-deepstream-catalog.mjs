#!/usr/bin/env node
// Generates server/lint/pipeline/data/deepstream-elements.json: the DeepStream part of the
// element catalog.
// - Open-source plugins (NVIDIA/DeepStream src/gst-plugins/*): every g_object_class_install_property
//   / g_param_spec_* call is read from the sources (name, blurb, type, range, default, enum values
//   from the GEnumValue arrays), macros resolved from the plugin's and includes/ #defines and enums.
// - Closed-source plugins (nvstreammux legacy, nvvideoconvert, nvv4l2decoder, encoders, nvjpegdec,
//   tiler, sinks, ...): scripts/deepstream-closed-elements.json, written from NVIDIA's plugin
//   manual and the properties src/apps/common sets on them; each entry names its source.
// Pads (direction, presence, memory type) for every element come from the table in
// scripts/deepstream-closed-elements.json ("pads" section), checked against the static pad
// templates in the open sources.
//   node scripts/generate-deepstream-catalog.mjs --repo /path/to/DeepStream.git [--rev HEAD]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const repo = opt('--repo', '/work/.mirror/NVIDIA+DeepStream/repo');
const rev = opt('--rev', 'HEAD');
const outPath = opt('--out', path.join(root, 'server/lint/pipeline/data/deepstream-elements.json'));
const closed = JSON.parse(readFileSync(path.join(root, 'scripts/deepstream-closed-elements.json'), 'utf8'));

const git = (...a) => execFileSync('git', ['--git-dir', repo, ...a], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const files = git('ls-tree', '-r', '--name-only', rev).split('\n');
const show = (p) => git('show', `${rev}:${p}`);

// Which source file defines which element's class.
const elementSources = {
  nvinfer: 'src/gst-plugins/gst-nvinfer/gstnvinfer.cpp',
  nvinferserver: 'src/gst-plugins/gst-nvinferserver/gstnvinferserver.cpp',
  nvtracker: 'src/gst-plugins/gst-nvtracker/gstnvtracker.cpp',
  nvdsosd: 'src/gst-plugins/gst-nvdsosd/gstnvdsosd.c',
  nvdspreprocess: 'src/gst-plugins/gst-nvdspreprocess/gstnvdspreprocess.cpp',
  nvdspostprocess: 'src/gst-plugins/gst-nvdspostprocess/gstnvdspostprocess.cpp',
  nvdsanalytics: 'src/gst-plugins/gst-nvdsanalytics/gstnvdsanalytics.cpp',
  nvmsgconv: 'src/gst-plugins/gst-nvmsgconv/gstnvmsgconv.cpp',
  nvmsgbroker: 'src/gst-plugins/gst-nvmsgbroker/gstnvmsgbroker.cpp',
  nvdewarper: 'src/gst-plugins/gst-nvdewarper/gstnvdewarper.cpp',
  nvdsvideotemplate: 'src/gst-plugins/gst-nvdsvideotemplate/gstnvdsvideotemplate.cpp',
  nvurisrcbin: 'src/gst-plugins/gst-nvurisrcbin/gstdsnvurisrcbin.cpp',
  nvmultiurisrcbin: 'src/gst-plugins/gst-nvmultiurisrcbin/gstdsnvmultiurisrcbin.cpp',
  'nvstreammux@new': 'src/gst-plugins/gst-nvmultistream2/gstnvstreammux.cpp',
  nvstreamdemux: 'src/gst-plugins/gst-nvmultistream2/gstnvstreamdemux.cpp',
  nvdsmetamux: 'src/gst-plugins/gst-nvdsmetamux/gstnvdsmetamux.cpp',
  nvdsudpsrc: 'src/gst-plugins/gst-nvdsudp/gstnvdsudpsrc.c',
  nvdsudpsink: 'src/gst-plugins/gst-nvdsudp/gstnvdsudpsink.c',
  nvvideotestsrc: 'src/gst-plugins/gst-nvvideotestsrc/gstnvvideotestsrc.cpp',
  nvimagedec: 'src/gst-plugins/gst-nvimage/gstnvimagedec.cpp',
  nvimageenc: 'src/gst-plugins/gst-nvimage/gstnvimageenc.cpp',
  nvdsdynamicsrcbin: 'src/gst-plugins/gst-nvdynamicsrcbin/gstnvdsdynamicsrcbin.c',
  nvreplay: 'src/gst-plugins/gst-nvreplay/gstnvreplay.cpp',
  dsexample: 'src/gst-plugins/gst-dsexample/gstdsexample.cpp',
  nvdsmetaextract: 'src/gst-plugins/gst-nvdsmetautils/gstnvdsmetaextract.cpp',
  nvdsmetainsert: 'src/gst-plugins/gst-nvdsmetautils/gstnvdsmetainsert.cpp',
};

const maxConst = {
  G_MAXUINT: 4294967295, G_MAXINT: 2147483647, G_MININT: -2147483648, G_MAXUINT64: 2 ** 64 - 1, G_MAXINT64: 2 ** 63 - 1,
  G_MININT64: -(2 ** 63), G_MAXULONG: 2 ** 64 - 1, G_MAXLONG: 2 ** 63 - 1, G_MINLONG: -(2 ** 63),
  G_MAXFLOAT: 3.4028234663852886e38, G_MAXDOUBLE: 1.7976931348623157e308, G_MINDOUBLE: 2.2250738585072014e-308, G_MAXUINT32: 4294967295,
  G_MAXINT32: 2147483647, UINT_MAX: 4294967295, INT_MAX: 2147483647, G_MAXUINT16: 65535, G_MAXUINT8: 255, G_MAXSIZE: 2 ** 64 - 1,
  TRUE: 1, FALSE: 0, true: 1, false: 0,
};

/** #defines and enum constants visible to a plugin (its directory and includes/). */
function symbolsFor(dir) {
  const defs = new Map();
  const enums = new Map();
  const texts = files.filter((f) => (f.startsWith(dir + '/') || f.startsWith('includes/')) && /\.(c|cpp|h|hpp)$/.test(f)).map(show);
  for (const t of texts) {
    const clean = t.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
    for (const m of clean.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]+?)[ \t]*$/gm)) if (!defs.has(m[1])) defs.set(m[1], m[2].trim());
    for (const m of clean.matchAll(/\benum\s*\w*\s*\{([^{}]*)\}/g)) {
      let v = -1;
      for (const item of m[1].split(',')) {
        const im = /^\s*(\w+)\s*(?:=\s*([^,]+))?\s*$/.exec(item);
        if (!im) continue;
        if (im[2] !== undefined) {
          const x = evalExpr(im[2], defs, enums);
          v = x === undefined ? v + 1 : x;
        } else v++;
        if (!enums.has(im[1])) enums.set(im[1], v);
      }
    }
  }
  return { defs, enums };
}

function evalExpr(expr, defs, enums, depth = 0) {
  let e = String(expr).trim();
  if (depth > 8) return undefined;
  e = e.replace(/\((?:guint|gint|guint64|gint64|gfloat|gdouble|int|unsigned int|float|double|gboolean)\)/g, '');
  e = e.replace(/\b([A-Za-z_]\w*)\b/g, (name) => {
    if (name in maxConst) return String(maxConst[name]);
    if (enums.has(name)) return String(enums.get(name));
    if (defs.has(name)) {
      const v = evalExpr(defs.get(name), defs, enums, depth + 1);
      return v === undefined ? name : String(v);
    }
    return name;
  });
  e = e.replace(/(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)[uUlLfF]+\b/g, '$1');
  if (!/^[\d\s.+\-*/()<>eE]+$/.test(e)) return undefined;
  try {
    const v = Function(`"use strict"; return (${e});`)();
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function splitArgs(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  let q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      cur += c;
      if (c === '\\') cur += s[++i];
      else if (c === '"') q = false;
      continue;
    }
    if (c === '"') q = true;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function cString(arg, defs) {
  const parts = [...arg.matchAll(/"((?:\\.|[^"\\])*)"/g)].map((m) => m[1]);
  if (parts.length === 0) {
    const d = defs.get(arg.trim());
    if (d && /^"/.test(d)) return cString(d, defs);
    return undefined;
  }
  return parts.join('').replace(/\\n/g, ' ').replace(/\\t/g, ' ').replace(/\\"/g, '"').replace(/\s+/g, ' ').trim();
}

function callBody(text, open) {
  let depth = 0;
  let q = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === '"') q = false;
      continue;
    }
    if (c === '"') q = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

function enumTables(text, defs, enums) {
  // function name -> values, via `static ... GEnumValue/GFlagsValue arr[] = {...}` + g_*_register_static
  const byFunc = new Map();
  const funcRe = /\n(?:static\s+)?(?:inline\s+)?GType\s*\n?\s*(\w+)\s*\(\s*(?:void)?\s*\)\s*\{/g;
  for (const fm of text.matchAll(funcRe)) {
    const start = fm.index + fm[0].length;
    const end = text.indexOf('\n}', start);
    const body = text.slice(start, end < 0 ? undefined : end);
    const arr = /G(Enum|Flags)Value\s+\w+\s*\[\s*\]\s*=\s*\{([\s\S]*?)\};/.exec(body);
    if (!arr) continue;
    const values = [];
    for (const m of arr[2].matchAll(/\{\s*([^,{}]+?)\s*,\s*("(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*|\w+)\s*,\s*("(?:[^"\\]|\\.)*"|\w+)\s*\}/g)) {
      const nick = cString(m[3], defs);
      if (nick === undefined) continue;
      const v = evalExpr(m[1], defs, enums);
      if (v === undefined) continue;
      values.push({ value: v, nick, description: cString(m[2], defs) ?? nick });
    }
    byFunc.set(fm[1], { kind: arr[1].toLowerCase(), values });
  }
  return byFunc;
}

const typeOfSpec = { boolean: 'boolean', int: 'int', uint: 'uint', int64: 'int64', uint64: 'uint64', long: 'long', ulong: 'ulong', float: 'float', double: 'double', string: 'string', enum: 'enum', flags: 'flags', boxed: 'boxed', pointer: 'pointer', object: 'object' };

function propertiesOf(file) {
  const dir = path.dirname(file);
  const { defs, enums } = symbolsFor(dir);
  const text = show(file).replace(/\/\*[\s\S]*?\*\//g, ' ');
  const tables = enumTables(text, defs, enums);
  const typeToTable = (arg) => {
    let a = arg.trim().replace(/^\(GType\)\s*/, '');
    for (let k = 0; k < 4; k++) {
      const call = /^\(?\s*(\w+)\s*\(\s*\)\s*\)?$/.exec(a);
      if (call && tables.has(call[1])) return tables.get(call[1]);
      if (defs.has(a)) a = defs.get(a).trim();
      else break;
    }
    const call = /(\w+)\s*\(\s*\)/.exec(a);
    return call ? tables.get(call[1]) : undefined;
  };
  const props = [];
  const seen = new Set();
  for (const m of text.matchAll(/g_param_spec_(\w+)\s*\(/g)) {
    const kind = m[1];
    const body = callBody(text, m.index + m[0].length - 1);
    const a = splitArgs(body);
    const name = cString(a[0] ?? '', defs);
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const blurb = cString(a[2] ?? '', defs) ?? '';
    const flags = a[a.length - 1] ?? '';
    const p = { name, type: typeOfSpec[kind] ?? 'other', blurb, writable: /READWRITE|WRITABLE/.test(flags) };
    if (['int', 'uint', 'int64', 'uint64', 'long', 'ulong', 'float', 'double'].includes(kind)) {
      const min = evalExpr(a[3], defs, enums);
      const max = evalExpr(a[4], defs, enums);
      const def = evalExpr(a[5], defs, enums);
      if (min !== undefined) p.minimum = min;
      if (max !== undefined) p.maximum = max;
      if (def !== undefined) p.default = String(def);
    } else if (kind === 'boolean') {
      const def = evalExpr(a[3], defs, enums);
      if (def !== undefined) p.default = def ? 'true' : 'false';
    } else if (kind === 'string') {
      const d = a[3]?.trim();
      const s = d === 'NULL' || d === 'nullptr' ? undefined : cString(d ?? '', defs);
      if (s !== undefined && s !== '') p.default = s;
    } else if (kind === 'enum' || kind === 'flags') {
      const t = typeToTable(a[3] ?? '');
      if (t) p.values = t.values;
      const def = evalExpr(a[4], defs, enums);
      if (def !== undefined) {
        const v = p.values?.find((x) => x.value === def);
        p.default = v ? v.nick : String(def);
      }
    }
    props.push(p);
  }
  return props;
}

const baseProps = [{ name: 'name', type: 'string', blurb: 'The name of the object', writable: true }];

// Properties an element inherits from its GStreamer base class, taken from the upstream catalog
// (gst-inspect output of an element with the same base class).
const upstream = JSON.parse(readFileSync(path.join(root, 'server/lint/pipeline/data/upstream-elements.json'), 'utf8'));
function upstreamProps(factory, names) {
  const e = upstream.elements.find((x) => x.factory === factory);
  if (!e) return [];
  return e.properties.map((i) => upstream.propertyTable[i]).filter((p) => names.includes(p.name));
}
const srcNames = ['blocksize', 'num-buffers', 'typefind', 'do-timestamp'];
const sinkNames = ['sync', 'max-lateness', 'qos', 'async', 'ts-offset', 'enable-last-sample', 'last-sample', 'blocksize', 'render-delay', 'throttle-time', 'max-bitrate', 'processing-deadline', 'stats'];
const inherited = {
  GST_TYPE_BASE_TRANSFORM: () => upstreamProps('identity', ['qos']),
  GST_TYPE_BASE_SRC: () => upstreamProps('fakesrc', srcNames),
  GST_TYPE_PUSH_SRC: () => upstreamProps('fakesrc', srcNames),
  GST_TYPE_BASE_SINK: () => upstreamProps('fakesink', sinkNames),
  GST_TYPE_BIN: () => upstreamProps('bin', ['async-handling', 'message-forward']),
  GST_TYPE_AGGREGATOR: () => upstreamProps('compositor', ['latency', 'min-upstream-latency', 'start-time-selection', 'start-time', 'emit-signals']),
  GST_TYPE_VIDEO_DECODER: () => upstreamProps('avdec_h264', ['qos', 'max-errors', 'min-force-key-unit-interval', 'discard-corrupted-frames', 'automatic-request-sync-points', 'automatic-request-sync-point-flags']),
  GST_TYPE_VIDEO_ENCODER: () => upstreamProps('x264enc', ['qos', 'min-force-key-unit-interval']),
};
function baseClassOf(file) {
  const text = show(file);
  const m = /G_DEFINE_TYPE(?:_WITH_CODE)?\s*\(\s*\w+\s*,\s*\w+\s*,\s*(GST_TYPE_\w+)/.exec(text) ?? /G_DEFINE_TYPE(?:_WITH_CODE)?\s*\([^,]+,[^,]+,\s*(\w+)/.exec(text);
  return m ? m[1] : undefined;
}
function commonMacroProps(file) {
  const text = show(file);
  const out = [];
  for (const [macro, name] of [['PROP_NVDS_GPU_ID_INSTALL', 'gpu-id'], ['PROP_NVBUF_MEMORY_TYPE_INSTALL', 'nvbuf-memory-type'], ['PROP_COMPUTE_HW_INSTALL', 'compute-hw'], ['PROP_INTERPOLATION_METHOD_INSTALL', 'interpolation-method']]) {
    if (new RegExp(`\\b${macro}\\s*\\(`).test(text)) out.push({ ...closed.commonProperties[name] });
  }
  return out;
}
const elements = [];
for (const [factory, file] of Object.entries(elementSources)) {
  if (!files.includes(file)) {
    console.error(`missing ${file}`);
    continue;
  }
  const meta = closed.pads[factory] ?? {};
  const own = [...propertiesOf(file), ...commonMacroProps(file)];
  const base = (inherited[baseClassOf(file)] ?? (() => []))();
  const props = [...baseProps, ...base.filter((b) => !own.some((p) => p.name === b.name)), ...own];
  for (const p of props) {
    const extra = closed.propertyNotes?.[factory]?.[p.name];
    if (extra) Object.assign(p, extra);
  }
  elements.push({
    factory,
    plugin: meta.plugin ?? path.basename(path.dirname(file)),
    klass: meta.klass ?? '',
    description: meta.description ?? '',
    origin: 'deepstream',
    source: `NVIDIA/DeepStream ${file}`,
    pads: meta.pads ?? [],
    properties: props,
    ...(meta.platforms ? { platforms: meta.platforms } : {}),
    ...(meta.isBin ? { isBin: true } : {}),
    ...(meta.notes ? { notes: meta.notes } : {}),
  });
}
for (const e of closed.elements) elements.push({ ...e, properties: [...baseProps, ...e.properties] });
elements.sort((a, b) => a.factory.localeCompare(b.factory));
const data = {
  origin: 'deepstream',
  version: closed.deepstreamVersion,
  generatedFrom: `NVIDIA/DeepStream ${git('rev-parse', rev).trim()} src/gst-plugins (g_param_spec_* calls) + scripts/deepstream-closed-elements.json (closed-source plugins) via scripts/generate-deepstream-catalog.mjs`,
  elements,
};
writeFileSync(outPath, JSON.stringify(data, null, 1) + '\n');
console.log(`wrote ${elements.length} DeepStream elements to ${path.relative(root, outPath)}`);
