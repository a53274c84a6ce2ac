// The key-file reader against GLib itself (GLib.KeyFile through python3-gi, which CI installs):
// every corpus INI config and 10,000 deterministic mutations of them (the characters GLib treats
// specially) must load or fail alike, with the same groups, keys, raw values, and the same
// integer / double / boolean / string-list conversions.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parseKeyFile } from '../../../server/lint/config/keyFile';
import { parseGlibBool, parseGlibDouble, parseGlibInt } from '../../../server/lint/config/values';
import { corpusRoot, walk } from './support';

// Debian's python3 has python3-gi; a pyenv/venv python3 on PATH may not.
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const ORACLE = `
import json, math, sys
from gi.repository import GLib
def num(x):
    return repr(x) if (math.isnan(x) or math.isinf(x)) else x
out = []
for text in json.load(sys.stdin):
    k = GLib.KeyFile()
    try:
        k.load_from_data(text, len(text.encode('utf-8')), GLib.KeyFileFlags.NONE)
    except GLib.Error as e:
        out.append({"ok": False, "error": e.message})
        continue
    groups = {}
    names = k.get_groups()[0]
    for g in names:
        keys = {}
        for key in k.get_keys(g)[0]:
            r = {"raw": k.get_value(g, key)}
            for name, f in (("int", k.get_integer), ("double", k.get_double), ("bool", k.get_boolean)):
                try:
                    v = f(g, key)
                    r[name] = [1, num(v) if name == "double" else v]
                except GLib.Error:
                    r[name] = [0]
            try:
                r["list"] = [1, k.get_string_list(g, key)]
            except GLib.Error:
                r["list"] = [0]
            keys[key] = r
        groups[g] = keys
    out.append({"ok": True, "order": names, "groups": groups})
print(json.dumps(out))
`;

interface OracleKey {
  raw: string;
  int: [number, number?];
  double: [number, (number | string)?];
  bool: [number, boolean?];
  list: [number, string[]?];
}
type Oracle = { ok: false; error: string } | { ok: true; order: string[]; groups: Record<string, Record<string, OracleKey>> };

function runOracle(texts: string[]): Oracle[] {
  const r = spawnSync(python, ['-c', ORACLE], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `GLib oracle failed (python3-gi installed?): ${r.stderr}`);
  return JSON.parse(r.stdout) as Oracle[];
}

function sameDouble(a: number | string | undefined, b: number): boolean {
  if (typeof a === 'string') return (a === 'nan' && Number.isNaN(b)) || (a === 'inf' && b === Infinity) || (a === '-inf' && b === -Infinity);
  return a !== undefined && (a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)));
}

function compare(text: string, o: Oracle, label: string): void {
  const kf = parseKeyFile(text);
  const fatal = kf.problems.filter((p) => p.fatal);
  if (!o.ok) {
    assert.ok(fatal.length > 0, `${label}: GLib refuses (${o.error}) but the reader found nothing fatal\n${JSON.stringify(text)}`);
    return;
  }
  assert.deepEqual(fatal.map((p) => p.message), [], `${label}: GLib loads it\n${JSON.stringify(text)}`);
  const loaded: Extract<Oracle, { ok: true }> = o;
  assert.deepEqual(kf.groups.map((g) => g.name), loaded.order, `${label}: groups`);
  for (const g of kf.groups) {
    const want: Record<string, OracleKey> = loaded.groups[g.name];
    // Translations (`key[fr]`) depend on the process's languages in GLib; the reader leaves them out.
    assert.deepEqual([...g.keys.keys()].sort(), Object.keys(want).filter((k) => !k.includes('[')).sort(), `${label}: keys of [${g.name}]`);
    for (const [key, e] of g.keys) {
      const w: OracleKey = want[key];
      const where = `${label}: [${g.name}] ${key}=${JSON.stringify(e.raw)}`;
      assert.equal(e.raw, w.raw, `${where}: raw`);
      const i = parseGlibInt(e.raw);
      assert.equal(i.ok ? 1 : 0, w.int[0], `${where}: integer`);
      if (i.ok) assert.equal(i.value, w.int[1], `${where}: integer value`);
      const d = parseGlibDouble(e.raw);
      assert.equal(d.ok ? 1 : 0, w.double[0], `${where}: double`);
      if (d.ok) assert.ok(sameDouble(w.double[1], d.value), `${where}: double value ${d.value} vs ${w.double[1]}`);
      const b = parseGlibBool(e.raw);
      assert.equal(b.ok ? 1 : 0, w.bool[0], `${where}: boolean`);
      if (b.ok) assert.equal(b.value, w.bool[1], `${where}: boolean value`);
      assert.equal(e.listEscapeError === undefined ? 1 : 0, w.list[0], `${where}: string list`);
      if (e.listEscapeError === undefined) assert.deepEqual(e.items.map((x) => x.text), w.list[1], `${where}: list items`);
    }
  }
}

const corpus = walk(corpusRoot)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));

test('every corpus INI config reads exactly as GLib reads it', () => {
  const oracle = runOracle(corpus.map((c) => c.text));
  corpus.forEach((c, i) => compare(c.text, oracle[i], c.path));
  assert.ok(oracle.every((o) => o.ok), 'GLib loads every corpus key file');
});

test('10,000 mutated configs: same accept/reject, groups, keys, values and conversions as GLib', () => {
  const pieces = [' ', '\t', '#', ';', '=', '[', ']', '\\', '\\s', '\\n', '\\;', '\\x', '\r\n', '\n', '1.5 ', 'true ', 'TRUE', '0x1F', '-7', '99999999999', ' # note', '[group]\n', '[ g ]\n', 'key=', '=v', 'a b=c', 'k[fr]=v', '\uFEFF', 'é', '😀', '1e3', 'inf', '\u000b'];
  const mutation = fc.record({
    seed: fc.nat(corpus.length - 1),
    edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat(3), s: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 5 }),
  });
  const texts = fc.sample(mutation, { numRuns: 10000, seed: 7 }).map(({ seed, edits }) => {
    // Small excerpts keep the oracle run short: 25 lines around a random point.
    const lines = corpus[seed].text.split('\n');
    const from = edits[0].at % Math.max(1, lines.length - 25);
    let t = lines.slice(from, from + 25).join('\n');
    if (!/^\s*\[/m.test(t)) t = `[property]\n${t}`;
    for (const e of edits) {
      const at = e.at % (t.length + 1);
      t = t.slice(0, at) + e.s + t.slice(at + e.del);
    }
    // An edit can split a surrogate pair; decoded files never hold a lone surrogate (U+FFFD instead).
    return t.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  });
  const oracle = runOracle(texts);
  texts.forEach((t, i) => compare(t, oracle[i], `mutation ${i}`));
  const refused = oracle.filter((o) => !o.ok).length;
  assert.ok(refused > 300 && refused < 9700, `a useful mix of accepted and refused files (${refused} refused)`);
});
