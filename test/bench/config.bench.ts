// Config lint throughput against Python's configparser merely parsing the same files, in one run:
//  1. the 158 INI (.txt) configs of the corpus: full lint (key-file reader, schema, nvinfer/app
//     rules, cross-file checks on the disk, app pipeline graph) vs configparser.read_string
//     (strict=False, no interpolation) in a python3 child process; medians of the same number of
//     rounds, texts read once on both sides. Rounds alternate between the two (the machine is
//     shared), and both wall time and CPU time (process.cpuUsage / time.process_time, user+system,
//     so disk checks count) are reported; the goal is on CPU time, which load from other
//     processes does not inflate as much. Goal: ratio (python / sightline) > 1 (aim: 3).
//     Also reported, same rounds: the lint with a FileAccess that answers without the disk (every
//     referenced file "exists", none can be read), i.e. reading + all rules without system calls.
//  2. all 300 configs (YAML included; configparser cannot read YAML, so no ratio): lint median.
// Writes bench-results/config.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintConfig } from '../../server/lint/config/index';
import { diskFiles } from '../../server/lint/diskFiles';
import { defaultLintOptions, type FileAccess } from '../../server/lint/diagnostic';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus', 'deepstream-9.1-configs');
const ROUNDS = 40;

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

interface Round {
  wall: number;
  cpu: number;
}

/** No disk: every referenced file exists and none can be read (cross-file rules do no I/O). */
const noDisk: FileAccess = { exists: () => true, readText: (p) => ({ error: `${p} not read in this run` }) };

function lintRounds(files: { path: string; text: string }[], rounds: number, access: FileAccess = diskFiles): Round[] {
  const times: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    let n = 0;
    for (const f of files) n += lintConfig(f.path, f.text, 'config-other', defaultLintOptions, access).length;
    const cu = process.cpuUsage(c);
    times.push({ wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (cu.user + cu.system) / 1000 });
    if (n === 0) throw new Error('no diagnostics at all: the lint did not run');
  }
  return times;
}

function pythonRounds(paths: string[], rounds: number): { rounds: Round[]; parsed: number } {
  const py = spawnSync('python3', ['-c', PYTHON, String(rounds)], { input: JSON.stringify(paths), encoding: 'utf8', maxBuffer: 1 << 24 });
  if (py.status !== 0) throw new Error(`python3 failed: ${py.stderr}`);
  const out = JSON.parse(py.stdout) as { wall: number[]; cpu: number[]; parsed: number };
  return { rounds: out.wall.map((w, i) => ({ wall: w, cpu: out.cpu[i] })), parsed: out.parsed };
}

const PYTHON = `
import configparser, json, sys, time
paths = json.load(sys.stdin)
texts = [open(p, encoding='utf-8', errors='replace').read() for p in paths]
rounds = int(sys.argv[1])
wall = []
cpu = []
ok = 0
for r in range(rounds):
    t = time.perf_counter()
    c0 = time.process_time()
    ok = 0
    for tx in texts:
        c = configparser.ConfigParser(strict=False, interpolation=None)
        try:
            c.read_string(tx)
            ok += 1
        except Exception:
            pass
    cpu.append((time.process_time() - c0) * 1000)
    wall.append((time.perf_counter() - t) * 1000)
print(json.dumps({"wall": wall, "cpu": cpu, "parsed": ok}))
`;

function main(): void {
  const all = walk(corpus).map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
  const ini = all.filter((f) => f.path.endsWith('.txt'));
  // Warm-up (JIT) on both sets, not measured.
  lintRounds(all, 2);
  lintRounds(ini, 15);
  const py: Round[] = [];
  const node: Round[] = [];
  const nodeNoDisk: Round[] = [];
  let parsed = 0;
  // Many short alternations: load from other processes on a shared machine hits both sides alike.
  const chunks = 10;
  for (let i = 0; i < chunks; i++) {
    const p = pythonRounds(ini.map((f) => f.path), ROUNDS / chunks);
    py.push(...p.rounds);
    parsed = p.parsed;
    node.push(...lintRounds(ini, ROUNDS / chunks));
    nodeNoDisk.push(...lintRounds(ini, ROUNDS / chunks, noDisk));
  }
  const nodeAll = lintRounds(all, 5);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const pyCpu = median(py.map((r) => r.cpu));
  const nodeCpu = median(node.map((r) => r.cpu));
  const results = {
    iniFiles: ini.length,
    configparserParsed: parsed,
    rounds: ROUNDS,
    configparserMedianCpuMs: r1(pyCpu),
    configparserMedianWallMs: r1(median(py.map((r) => r.wall))),
    sightlineIniLintMedianCpuMs: r1(nodeCpu),
    sightlineIniLintMedianWallMs: r1(median(node.map((r) => r.wall))),
    ratioPythonOverSightline: Math.round((pyCpu / nodeCpu) * 100) / 100,
    configparserMinCpuMs: r1(Math.min(...py.map((r) => r.cpu))),
    sightlineIniLintMinCpuMs: r1(Math.min(...node.map((r) => r.cpu))),
    ratioPythonOverSightlineMinCpu: Math.round((Math.min(...py.map((r) => r.cpu)) / Math.min(...node.map((r) => r.cpu))) * 100) / 100,
    ratioPythonOverSightlineWall: Math.round((median(py.map((r) => r.wall)) / median(node.map((r) => r.wall))) * 100) / 100,
    sightlineIniLintNoDiskMedianCpuMs: r1(median(nodeNoDisk.map((r) => r.cpu))),
    ratioPythonOverSightlineNoDisk: Math.round((pyCpu / median(nodeNoDisk.map((r) => r.cpu))) * 100) / 100,
    allFiles: all.length,
    sightlineAllLintMedianCpuMs: r1(median(nodeAll.map((r) => r.cpu))),
    sightlineAllLintMedianWallMs: r1(median(nodeAll.map((r) => r.wall))),
    goal: 'ratioPythonOverSightline (CPU time) > 1: Sightline lints faster than configparser parses (aim: 3)',
  };
  console.log(`configparser parse, ${ini.length} INI configs (${parsed} parsed): median CPU ${results.configparserMedianCpuMs} ms, wall ${results.configparserMedianWallMs} ms`);
  console.log(`sightline full lint, same files: median CPU ${results.sightlineIniLintMedianCpuMs} ms, wall ${results.sightlineIniLintMedianWallMs} ms`);
  console.log(`ratio configparser / sightline: CPU ${results.ratioPythonOverSightline}x ${results.ratioPythonOverSightline > 1 ? '(goal met)' : '(goal NOT met)'}, wall ${results.ratioPythonOverSightlineWall}x`);
  console.log(`sightline lint without disk access (same rules, referenced files answered in memory): median CPU ${results.sightlineIniLintNoDiskMedianCpuMs} ms, ratio ${results.ratioPythonOverSightlineNoDisk}x`);
  console.log(`best of ${ROUNDS} (CPU): configparser ${results.configparserMinCpuMs} ms, sightline ${results.sightlineIniLintMinCpuMs} ms, ratio ${results.ratioPythonOverSightlineMinCpu}x`);
  console.log(`sightline full lint, all ${all.length} configs (YAML too): median CPU ${results.sightlineAllLintMedianCpuMs} ms, wall ${results.sightlineAllLintMedianWallMs} ms`);
  mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'bench-results', 'config.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main();
