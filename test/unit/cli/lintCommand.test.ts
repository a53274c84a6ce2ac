// `sightline lint` as CI runs it: the built CLI (dist/cli.js) in a child process, exit codes,
// the three output formats, host-file coordinates, comment directives, the real corpus.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const sharedRoot = path.resolve(repoRoot, '..', 'shared');
const cli = path.join(repoRoot, 'dist', 'cli.js');

interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

function run(args: string[], cwd = repoRoot): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder with a shell script and a Python file whose launch strings reference a missing `mux`. */
function fixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.writeFileSync(
    path.join(dir, 'scripts', 'run.sh'),
    '#!/bin/sh\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink\n',
  );
  fs.writeFileSync(
    path.join(dir, 'app.py'),
    'import gi\npipeline = Gst.parse_launch(\n    "filesrc location=a.h264 ! h264parse ! "\n    "nvv4l2decoder ! mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink")\n',
  );
  // Not a config: a binary file with a .txt name, and a node_modules folder never entered.
  fs.writeFileSync(path.join(dir, 'frame.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x5b, 0x70, 0x5d]));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'node_modules', 'x.sh'), 'gst-launch-1.0 a. ! fakesink\n');
  return dir;
}

test('json: one array of findings in host-file coordinates, paths as found under the given PATH; exit 1 on errors', () => {
  const dir = fixture();
  try {
    const r = run(['--format', 'json', '.'], dir);
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as Finding[];
    assert.ok(Array.isArray(findings));
    const refs = findings.filter((f) => f.code === 'pipeline/unknown-reference');
    assert.deepEqual(refs.map((f) => f.file).sort(), ['app.py', path.join('scripts', 'run.sh')]);
    for (const f of findings) {
      for (const k of ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message'] as const) assert.ok(f[k] !== undefined, `${k} present`);
      assert.match(f.severity, /^(error|warning|info|hint)$/);
      assert.ok(!f.file.startsWith('node_modules'), 'node_modules is never entered');
    }
    // 1-based host coordinates: the finding points at `mux` in the host file's own line.
    for (const f of refs) {
      const hostLine = fs.readFileSync(path.join(dir, f.file), 'utf8').split('\n')[f.line - 1];
      assert.equal(hostLine.slice(f.column - 1, f.endColumn - 1), 'mux', `${f.file}:${f.line}:${f.column}`);
      assert.equal(f.endLine, f.line);
    }
    const py = refs.find((f) => f.file === 'app.py') as Finding;
    assert.equal(py.line, 4, 'second literal of the implicit concatenation, line 4 of the Python file');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('text: compiler-style lines `file:line:col: severity: message [code]`', () => {
  const dir = fixture();
  try {
    const r = run(['scripts/run.sh'], dir);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length >= 1);
    for (const l of lines) assert.match(l, /^scripts\/run\.sh:\d+:\d+: (error|warning|info|hint): .+ \[[a-z0-9-]+\/[a-z0-9-]+\]$/);
    assert.ok(lines.some((l) => /^scripts\/run\.sh:2:\d+: error: .*`mux`.* \[pipeline\/unknown-reference\]$/.test(l)), r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('comment directives silence findings on the command line too (next statement across `\\` continuations, whole file)', () => {
  const dir = fixture();
  try {
    const sh = path.join(dir, 'scripts', 'run.sh');
    fs.writeFileSync(
      sh,
      '#!/bin/sh\n# sightline-disable-next-line pipeline/unknown-reference\ngst-launch-1.0 filesrc location=a.h264 ! h264parse ! nvv4l2decoder ! \\\n  mux.sink_0 nvstreammux name=m batch-size=1 width=1920 height=1080 ! fakesink\n',
    );
    const r1 = JSON.parse(run(['--format', 'json', sh]).stdout) as Finding[];
    assert.equal(r1.filter((f) => f.code === 'pipeline/unknown-reference').length, 0);
    const py = path.join(dir, 'app.py');
    const before = JSON.parse(run(['--format', 'json', py]).stdout) as Finding[];
    assert.equal(before.filter((f) => f.code === 'pipeline/unknown-reference').length, 1);
    fs.writeFileSync(py, `# sightline-disable-file pipeline/unknown-reference\n${fs.readFileSync(py, 'utf8')}`);
    const after = JSON.parse(run(['--format', 'json', py]).stdout) as Finding[];
    assert.equal(after.filter((f) => f.code === 'pipeline/unknown-reference').length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sarif: SARIF 2.1.0 with rules (helpUri to docs/rules), results with regions and relative URIs', () => {
  const dir = fixture();
  try {
    const r = run(['--format', 'sarif', '.'], dir);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string } }[] } };
        results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'Sightline');
    const results = log.runs[0].results;
    assert.ok(results.length >= 2);
    for (const res of results) {
      assert.equal(driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at its rule');
      assert.match(res.level, /^(error|warning|note)$/);
      assert.ok(res.message.text.length > 0);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes('\\'), loc.artifactLocation.uri);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endLine >= loc.region.startLine);
    }
    for (const rule of driver.rules) {
      assert.equal(rule.helpUri, `https://github.com/sightline-dev/sightline/blob/main/docs/rules/${rule.id.replace(/\//g, '-')}.md`);
      assert.ok(rule.shortDescription.text.length > 0);
    }
    assert.ok(results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'scripts/run.sh'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('usage and I/O errors exit 2 with a message', () => {
  const missing = run(['/nonexistent/sightline/path']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nonexistent.*no such file or directory/);
  const badOption = run(['--frobnicate', '.']);
  assert.equal(badOption.status, 2);
  assert.match(badOption.stderr, /unknown option '--frobnicate'/);
  const badFormat = run(['--format', 'xml', '.']);
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /--format must be text, json or sarif/);
  const badVersion = run(['--ds-version', 'nine', '.']);
  assert.equal(badVersion.status, 2);
  const noPath = run([]);
  assert.equal(noPath.status, 2);
  assert.match(noPath.stderr, /no PATH given/);
});

test('the 300-config DeepStream corpus: no error other than files the corpus does not ship; exit status follows the errors', () => {
  const corpus = path.join(sharedRoot, 'corpus', 'deepstream-9.1-configs');
  for (const target of ['dgpu', 'jetson']) {
    const r = run(['--format', 'json', '--target', target, corpus]);
    const findings = JSON.parse(r.stdout) as Finding[];
    const errors = findings.filter((f) => f.severity === 'error');
    // The corpus holds configs only: models, label files and streams they reference are absent here.
    const notMissingFiles = errors.filter((f) => f.code !== 'config/missing-file');
    assert.deepEqual(notMissingFiles.map((f) => `${f.file}:${f.line}: ${f.message} [${f.code}]`), [], `no false errors on ${target}`);
    assert.equal(r.status, errors.length > 0 ? 1 : 0, r.stderr);
    for (const f of findings) assert.ok(f.file.startsWith(corpus), f.file);
  }
});
