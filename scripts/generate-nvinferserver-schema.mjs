#!/usr/bin/env node
// Generates server/lint/config/nvinferserver/data/nvinferserver-proto.json: the field table of the
// nvinferserver config (protobuf text format, message nvdsinferserver.config.PluginControl), read
// from NVIDIA's .proto files in the DeepStream sources:
//   includes/nvdsinferserver_plugin.proto  (PluginControl: infer_config, input_control, output_control)
//   includes/nvdsinferserver_config.proto  (InferenceConfig, BackendParams, TritonParams, ...)
//   includes/nvdsinferserver_common.proto  (enums, PreProcessParams, DetectionParams, ...)
// For every message: its fields (name, number, scalar type or message/enum type resolved to its full
// name, repeated, map key/value, oneof) and, for fields whose preceding comment says "[deprecated]",
// that marker. For every enum: its value names and numbers. Comments are not copied.
//   node scripts/generate-nvinferserver-schema.mjs [--repo /path/to/DeepStream.git] [--rev HEAD] [--out FILE]
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const repo = opt('--repo', '/work/.mirror/NVIDIA+DeepStream/repo');
const rev = opt('--rev', 'HEAD');
const outPath = opt('--out', path.join(root, 'server/lint/config/nvinferserver/data/nvinferserver-proto.json'));
const files = ['includes/nvdsinferserver_common.proto', 'includes/nvdsinferserver_config.proto', 'includes/nvdsinferserver_plugin.proto'];

const git = (...a) => execFileSync('git', ['--git-dir', repo, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const commit = git('rev-parse', rev).trim();
const readme = git('show', `${rev}:README.md`);
const dsVersion = /complete source code for DeepStream (\d+\.\d+)/.exec(readme)?.[1];
if (!dsVersion) throw new Error('DeepStream version not found in README.md');

/** Tokens of a .proto file; comments dropped, except that a "[deprecated]" marker in the comment
 * right before a token is attached to that token. */
function tokenize(src) {
  const out = [];
  let i = 0;
  let pendingDeprecated = false;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      const e = src.indexOf('\n', i);
      const text = src.slice(i, e < 0 ? src.length : e);
      if (/\[deprecated\]/i.test(text)) pendingDeprecated = true;
      i = e < 0 ? src.length : e;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      const text = src.slice(i, e < 0 ? src.length : e);
      // A commented-out field (`// float post_threshold = 2;`) is not a field.
      if (/\[deprecated\]/i.test(text)) pendingDeprecated = true;
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    let tok;
    const m = /^(?:[A-Za-z_][A-Za-z0-9_.]*|-?\d+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|.)/.exec(src.slice(i, i + 400));
    tok = m[0];
    out.push({ t: tok, deprecated: pendingDeprecated });
    // The marker belongs to the next declaration: cleared at its end.
    if (tok === ';' || tok === '{' || tok === '}') pendingDeprecated = false;
    i += tok.length;
  }
  return out;
}

const messages = {};
const enums = {};
const scalarTypes = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);
const unresolved = [];

function parseFile(src, file) {
  const toks = tokenize(src);
  let p = 0;
  let pkg = '';
  const peek = () => toks[p]?.t;
  const next = () => toks[p++];
  const expect = (t) => {
    const got = next();
    if (got?.t !== t) throw new Error(`${file}: expected ${t}, got ${got?.t} at token ${p}`);
  };
  const skipStatement = () => {
    while (p < toks.length && peek() !== ';') next();
    next();
  };
  function parseEnum(scope) {
    const name = next().t;
    const full = `${scope}.${name}`;
    const values = [];
    expect('{');
    while (peek() !== '}') {
      if (peek() === 'option' || peek() === 'reserved') {
        skipStatement();
        continue;
      }
      const vname = next().t;
      expect('=');
      const num = Number(next().t);
      values.push({ name: vname, number: num });
      skipStatement();
    }
    expect('}');
    enums[full] = { values };
  }
  function parseField(msg, scope, oneof, first) {
    let repeated = false;
    let typeTok = first;
    if (typeTok.t === 'repeated' || typeTok.t === 'optional' || typeTok.t === 'required') {
      repeated = typeTok.t === 'repeated';
      typeTok = next();
    }
    let map;
    let type = typeTok.t;
    if (type === 'map') {
      expect('<');
      const k = next().t;
      expect(',');
      const v = next().t;
      expect('>');
      map = { key: k, value: v };
      repeated = true;
    }
    const name = next().t;
    expect('=');
    const number = Number(next().t);
    skipStatement();
    const f = { name, number, type: map ? 'map' : type, scope, repeated };
    if (map) f.map = map;
    if (oneof) f.oneof = oneof;
    if (first.deprecated || typeTok.deprecated) f.deprecated = true;
    msg.fields.push(f);
  }
  function parseMessage(scope) {
    const name = next().t;
    const full = `${scope}.${name}`;
    const msg = { fields: [] };
    messages[full] = msg;
    expect('{');
    while (peek() !== '}') {
      const t = next();
      if (t.t === 'message') parseMessage(full);
      else if (t.t === 'enum') parseEnum(full);
      else if (t.t === 'option' || t.t === 'reserved' || t.t === 'extensions') {
        p--;
        skipStatement();
      } else if (t.t === 'oneof') {
        const oneofName = next().t;
        expect('{');
        while (peek() !== '}') {
          const ft = next();
          if (ft.t === 'option') {
            p--;
            skipStatement();
            continue;
          }
          parseField(msg, full, oneofName, ft);
        }
        expect('}');
      } else if (t.t === ';') continue;
      else parseField(msg, full, undefined, t);
    }
    expect('}');
  }
  while (p < toks.length) {
    const t = next();
    if (t.t === 'syntax' || t.t === 'import' || t.t === 'option') {
      p--;
      skipStatement();
    } else if (t.t === 'package') {
      pkg = next().t;
      skipStatement();
    } else if (t.t === 'message') parseMessage(pkg);
    else if (t.t === 'enum') parseEnum(pkg);
    else if (t.t === ';') continue;
    else throw new Error(`${file}: unexpected ${t.t}`);
  }
}

for (const f of files) parseFile(git('show', `${rev}:${f}`), f);

/** Protobuf name resolution: innermost scope first, then outwards. */
function resolve(type, scope) {
  if (scalarTypes.has(type)) return { kind: 'scalar', type };
  if (type.startsWith('.')) type = type.slice(1);
  const parts = scope.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const cand = [...parts.slice(0, n), type].filter(Boolean).join('.');
    if (messages[cand]) return { kind: 'message', type: cand };
    if (enums[cand]) return { kind: 'enum', type: cand };
  }
  unresolved.push(`${type} in ${scope}`);
  return { kind: 'message', type };
}

const outMessages = {};
for (const [name, msg] of Object.entries(messages).sort(([a], [b]) => a.localeCompare(b))) {
  outMessages[name] = msg.fields.map((f) => {
    const o = { name: f.name, number: f.number };
    if (f.map) {
      const k = resolve(f.map.key, f.scope);
      const v = resolve(f.map.value, f.scope);
      Object.assign(o, { kind: 'map', mapKey: k.type, mapValue: v.type, mapValueKind: v.kind, repeated: true });
    } else {
      const r = resolve(f.type, f.scope);
      Object.assign(o, { kind: r.kind, type: r.type });
      if (f.repeated) o.repeated = true;
    }
    if (f.oneof) o.oneof = f.oneof;
    if (f.deprecated) o.deprecated = true;
    return o;
  });
}
if (unresolved.length) throw new Error(`unresolved types: ${unresolved.join(', ')}`);

const data = {
  generatedBy: 'scripts/generate-nvinferserver-schema.mjs',
  deepstreamVersion: dsVersion,
  source: { repository: 'NVIDIA/DeepStream', commit, files },
  root: 'nvdsinferserver.config.PluginControl',
  messages: outMessages,
  enums: Object.fromEntries(Object.entries(enums).sort(([a], [b]) => a.localeCompare(b))),
};
mkdirSync(path.dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(data, null, 1)}\n`);
console.log(`${Object.keys(outMessages).length} messages, ${Object.keys(enums).length} enums, DeepStream ${dsVersion} (${commit.slice(0, 12)}) -> ${path.relative(root, outPath)}`);
