// The shell extractor's fast paths (plain words as one native regexp scan, runs of plain words
// after the gst-launch word taken as one host range, words appended as host runs, one-run launch
// texts mapped as SourceMap.identity) must give exactly what the general word-by-word paths give:
// the same commands, launch texts, host offsets of every launch offset, prefixes, options and
// unclosed quotes. Each input is extracted with the fast paths on and off and the results compared.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { forEachShellLaunch, isLaunchName, maxCommandChars, shellFastPaths, type ShellWord } from '../../../server/lint/pipeline/extract/shell';
import { readDockerExecForm } from '../../../server/lint/pipeline/extract/dockerExec';
import { LineIndex } from '../../../server/lint/pipeline/lineIndex';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');

interface Extracted {
  start: number;
  end: number;
  prefix: string[];
  options: string[];
  unclosedQuotes: number[] | undefined;
  tooLarge: boolean | undefined;
  text: string;
  /** hostStart and hostEnd of the launch offsets 0..length (and one past it). */
  hostStarts: Int32Array;
  hostEnds: Int32Array;
  /** A few host ranges (positions), as diagnostics use them. */
  ranges: string;
}

function extract(text: string, fast: boolean, from = 0, to = text.length, commands?: ShellWord[][]): Extracted[] {
  const out: Extracted[] = [];
  const lines = new LineIndex(text);
  const was = shellFastPaths.enabled;
  shellFastPaths.enabled = fast;
  try {
    forEachShellLaunch(
      text,
      lines,
      from,
      to,
      (l) => {
        const n = l.map.text.length;
        // every offset; for texts over 64 KiB every 7th and the last 2,000 (the budget tests)
        const step = n > 65536 ? 7 : 1;
        const hostStarts = new Int32Array(n + 2);
        const hostEnds = new Int32Array(n + 2);
        for (let i = 0; i <= n + 1; i += i < n - 2000 ? step : 1) {
          hostStarts[i] = l.map.hostStart(i);
          hostEnds[i] = l.map.hostEnd(i);
        }
        const picks = [0, 1, (n / 3) | 0, (n / 2) | 0, n - 1, n].filter((x) => x >= 0 && x <= n);
        const ranges = JSON.stringify(picks.flatMap((a) => picks.filter((b) => b >= a).map((b) => l.map.hostRange(a, b))));
        out.push({ start: l.start, end: l.end, prefix: l.prefix, options: l.options, unclosedQuotes: l.unclosedQuotes, tooLarge: l.tooLarge, text: l.map.text, hostStarts, hostEnds, ranges });
      },
      commands,
    );
  } finally {
    shellFastPaths.enabled = was;
  }
  return out;
}

function assertSame(text: string, from = 0, to = text.length, commands?: ShellWord[][]): Extracted[] {
  const fast = extract(text, true, from, to, commands);
  const general = extract(text, false, from, to, commands);
  const what = text.length > 300 ? `${JSON.stringify(text.slice(0, 300))}… (${text.length} chars)` : JSON.stringify(text);
  assert.equal(fast.length, general.length, `number of commands in ${what}`);
  for (let k = 0; k < fast.length; k++) {
    const f = fast[k];
    const g = general[k];
    assert.equal(f.text, g.text, `launch text ${k} of ${what}`);
    assert.deepEqual(
      { start: f.start, end: f.end, prefix: f.prefix, options: f.options, unclosedQuotes: f.unclosedQuotes, tooLarge: f.tooLarge, ranges: f.ranges },
      { start: g.start, end: g.end, prefix: g.prefix, options: g.options, unclosedQuotes: g.unclosedQuotes, tooLarge: g.tooLarge, ranges: g.ranges },
      `command ${k} of ${what}`,
    );
    assert.ok(Buffer.from(f.hostStarts.buffer).equals(Buffer.from(g.hostStarts.buffer)), `host starts of command ${k} of ${what}`);
    assert.ok(Buffer.from(f.hostEnds.buffer).equals(Buffer.from(g.hostEnds.buffer)), `host ends of command ${k} of ${what}`);
  }
  return fast;
}

const tricky = [
  'gst-launch-1.0 videotestsrc ! fakesink\n',
  'gst-launch-1.0 filesrc location="my clip.mp4" ! qtdemux ! \'video/x-raw(memory:NVMM), format=NV12\' ! fakesink\n',
  'gst-launch-1.0 filesrc location=a\\ b.mp4 ! decodebin ! "video/x-raw, format=\\"NV12\\"" ! fakesink\n',
  'gst-launch-1.0 -e filesrc location=x.mp4 ! \\\n    qtdemux ! h264parse ! \\\n  nvv4l2decoder ! fakesink sync=false -v # done\n',
  'gst-launch-1.0 -e filesrc location=x.mp4 ! \\\r\n    qtdemux ! h264parse ! \\\r\n  fakesink\r\nW=1 gst-launch-1.0 a ! b\r\n',
  'W=1920\nUSE_NEW_NVSTREAMMUX=yes nsys profile -o run gst-launch-1.0 videotestsrc ! video/x-raw,width=$W,height=${H} ! nvvideoconvert ! m.sink_0 nvstreammux name=m width=$(echo 1) height=`h` ! fakesink\n',
  'gst-launch-1.0 videotestsrc num-buffers=10 -v ! queue --gst-debug=3 ! fakesink -e\n',
  'gst-launch-1.0\tvideotestsrc\t!  queue  !\t fakesink   \n',
  'gst-launch-1.0  videotestsrc ! fakesink  \ngst-launch-1.0 a  b   c    d\n',
  'gst-launch-1.0 videotestsrc ! fakesink 2>/dev/null >log 2>&1; gst-launch-1.0 a ! b 12 >x ! c 2< in\n',
  'gst-launch-1.0 a ! b 2>err\ngst-launch-1.0 a ! b2>err ! c 2 > x\n',
  '{ gst-launch-1.0 videotestsrc ! fakesink; } && gst-launch-1.0 a ! b || (gst-launch-1.0 c ! d) | cat\n',
  'gst-launch-1.0 a ! b {x} ! c { d } ! e\n',
  'echo gst-launch-1.0 videotestsrc ! fakesink\nsudo gst-launch-1.0 a ! b\n/usr/bin/gst-launch-1.0 c ! d\ngst-launch e ! f\nxgst-launch-1.0 g ! h\n',
  'docker run --rm --entrypoint gst-launch-1.0 -v a:b --gpus all nvcr.io/ds:9.1 videotestsrc ! fakesink\n',
  'gst-launch-1.0 a ! b \'unclosed ! c\ngst-launch-1.0 d ! e\n',
  'gst-launch-1.0 a ! "unclosed ! c \\\n more ! x\ngst-launch-1.0 d ! e\n',
  'gst-launch-1.0 filesrc location=café.mp4 ! fakesink name=–x ! déjà 😀 vu\n',
  "gst-launch-1.0 '' videotestsrc ! fakesink\ngst-launch-1.0 \"\" a '' b\n",
  'gst-launch-1.0 a#b ! c #comment ! d\n',
  'gst-launch-1.0 a ! b\\',
  'gst-launch-1.0 a ! b ; ; gst-launch-1.0 -- c ! d - e ! -\n',
  'gst-launch-1.0 a ! $1 ! $@ ! "$VAR" ! ${X:-y} ! $((1+2)) ! $ ! b$\n',
  'x=1 y=2 gst-launch-1.0 a ! b\nenv A=1 gst-launch-1.0 a ! b\n',
  'gst-launch-1.0 a ! b <in >out c ! d\n',
  'gst-launch-1.0 a\\\nb ! c\\\n\\\nd\n',
  'gst-launch-1.0 a ! "b c"d\'e f\'g ! h\n',
  'gst-launch-1.0 a ! b}c ! }d ! e{f\n',
  'gst-launch-1.0 videotestsrc ! fakesink\n'.repeat(50),
];

test('fast and general shell paths agree on tricky command lines', () => {
  for (const t of tricky) assertSame(t);
  // the same lines with CRLF ends
  for (const t of tricky) assertSame(t.replace(/\n/g, '\r\n'));
});

test('fast and general shell paths agree inside regions (Markdown blocks, cut lines)', () => {
  const text = 'gst-launch-1.0 a ! b ! c ! d e f\ngst-launch-1.0 x ! y ! z\n';
  for (let from = 0; from < 20; from += 3) for (let to = from; to <= text.length; to++) assertSame(text, from, to);
});

test('fast and general shell paths agree on Dockerfile exec-form words', () => {
  const text = 'RUN ["gst-launch-1.0", "-e", "videotestsrc", "!", "video/x-raw,format=\\"NV12\\"", "!", "fake\\u0073ink"]\n';
  const exec = readDockerExecForm(text, text.indexOf('['));
  assert.ok(exec);
  const [l] = assertSame(text, exec.from, exec.to, [exec.words]);
  assert.equal(l.text, 'videotestsrc ! video/x-raw,format="NV12" ! fakesink');
});

test('fast and general shell paths agree on the corpus command lines', () => {
  const lines: string[] = [];
  for (const l of readFileSync(path.join(corpus, 'verified-pipelines.jsonl'), 'utf8').split('\n')) if (l.trim()) lines.push((JSON.parse(l) as { pipeline: string }).pipeline);
  for (const l of readFileSync(path.join(corpus, 'deepstream-9.1-launch-lines.jsonl'), 'utf8').split('\n')) if (l.trim()) lines.push((JSON.parse(l) as { text: string }).text);
  assert.ok(lines.length > 100, 'corpus read');
  let found = 0;
  for (const t of lines) found += assertSame(`${t.startsWith('gst-launch') ? t : `gst-launch-1.0 ${t}`}\n`).length;
  assert.ok(found > 100);
  // all of them in one script, as the bench lints it
  assertSame(lines.map((t) => `gst-launch-1.0 ${t}`).join('\n'));
});

test('fast and general shell paths agree past the per-command budget (over 1 MiB)', () => {
  const args = 'queue ! '.repeat(140_000);
  // too large as a whole
  const [big] = assertSame(`gst-launch-1.0 ${args}fakesink ! 'a b' ! c\n`.repeat(2));
  assert.equal(big.tooLarge, true);
  // a long prefix eats most of the budget: the arguments are cut where the budget ends
  const cut = assertSame(`X=${'a'.repeat(maxCommandChars - 200_000)} gst-launch-1.0 ${'queue ! '.repeat(20_000)}'c d' ! ${'q '.repeat(50_000)}"e f" ! fakesink\n`);
  assert.equal(cut.length, 1);
  assert.equal(cut[0].tooLarge, undefined, 'cut words, not too large');
  // runs right up to the budget's end, then words
  for (const pad of [-1, 0, 1]) assertSame(`gst-launch-1.0 ${'a '.repeat((maxCommandChars - 40) / 2 + pad)}'b c' d ! e 'f g'\n`);
});

test('isLaunchName matches what /(^|\\/)gst-launch(-1\\.0)?$/ matches', () => {
  const re = /(^|\/)gst-launch(-1\.0)?$/;
  const words = ['gst-launch-1.0', 'gst-launch', '/usr/bin/gst-launch-1.0', './gst-launch', 'xgst-launch-1.0', 'gst-launch-1.01', 'gst-launch-1.', 'a-gst-launch-1.0', 'gst-launch-1.0/', '/gst-launch', 'gst-launchgst-launch', 'gst-launch-1.0gst-launch', '//gst-launch-1.0', 'gst-launc'];
  for (const w of words) for (const pre of ['', 'zz']) assert.equal(isLaunchName(pre + w, pre.length, pre.length + w.length), re.test(w), w);
  fc.assert(
    fc.property(fc.array(fc.constantFrom('gst-launch', '-1.0', '/', 'x', '-', '1', '.0'), { maxLength: 5 }), (parts) => {
      const w = parts.join('');
      assert.equal(isLaunchName(w, 0, w.length), re.test(w), w);
    }),
    { numRuns: 3000 },
  );
});

test('fast and general shell paths agree on generated command lines', () => {
  const token = fc.constantFrom('gst-launch-1.0', 'videotestsrc', '!', 'queue', 'name=t', 't.', 'x=1', '-e', '--gst-debug=3', '-', "'a b'", '"c d"', '"e \\" f"', 'g\\ h', '$V', '${W}', '$(x y)', '`z`', '2>', '>', '/dev/null', '2>&1', '<', ';', '&&', '|', '#c', '{', '}', '(', ')', 'a#b', "'", '"', '\\', 'é', 'nsys', 'echo', '--entrypoint', '');
  const sep = fc.constantFrom(' ', ' ', ' ', ' ', '  ', '\t', '\n', '\r\n', ' \\\n', ' \\\r\n', '');
  const script = fc.array(fc.tuple(token, sep), { maxLength: 30 }).map((xs) => 'gst-launch-1.0 ' + xs.map(([t, s]) => t + s).join(''));
  fc.assert(
    fc.property(script, (s) => {
      assertSame(s);
    }),
    { numRuns: 4000 },
  );
});
