import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { computeRuler, formatDuration, formatTime, tickStep, unitFor } from '../../../webview/timeRuler';

test('tick steps are 1, 2 or 5 × 10^k ns and keep ticks at least minPx apart', () => {
  for (const range of [1e3, 7.3e4, 1e6, 2.5e8, 3.7e9, 1.2e11]) {
    for (const width of [300, 1000, 1920]) {
      const step = tickStep(range, width, 80);
      const mant = step / 10 ** Math.floor(Math.log10(step));
      assert.ok([1, 2, 5].some((m) => Math.abs(mant - m) < 1e-9), `step ${step} is 1-2-5`);
      assert.ok((step / range) * width >= 80 - 1e-6, `step ${step} is ≥ 80 px for ${range} over ${width}`);
      assert.ok((step / range) * width < 80 * 2.5 + 1e-6, `step ${step} is not needlessly coarse`);
    }
  }
});

test('units follow the step: ns, µs, ms, s', () => {
  assert.equal(unitFor(500).name, 'ns');
  assert.equal(unitFor(2000).name, 'µs');
  assert.equal(unitFor(5e6).name, 'ms');
  assert.equal(unitFor(2e9).name, 's');
  assert.equal(formatTime(1_234_567, 1000), '1235 µs');
  assert.equal(formatTime(1_500_000_000, 1e8), '1.5 s');
  assert.equal(formatTime(250_000, 5e4), '250 µs');
  assert.equal(formatTime(250_000, 1e5), '0.3 ms');
  assert.equal(formatTime(5e8, 5e8), '0.5 s');
});

test('durations read with three significant digits in the fitting unit', () => {
  assert.equal(formatDuration(850), '850 ns');
  assert.equal(formatDuration(12_345), '12.3 µs');
  assert.equal(formatDuration(3_210_000), '3.21 ms');
  assert.equal(formatDuration(1.5e9), '1.50 s');
  assert.equal(formatDuration(0), '0 ns');
  assert.equal(formatDuration(Number.NaN), '–');
});

test('a whole-trace ruler labels absolute times; a deep zoom labels offsets from an origin', () => {
  const whole = computeRuler(0, 3.2e9, 1000);
  assert.equal(whole.originLabel, undefined);
  assert.ok(whole.ticks.length >= 4 && whole.ticks.length <= 13);
  assert.deepEqual(whole.ticks.slice(0, 3).map((t) => t.label), ['0.0 s', '0.5 s', '1.0 s']);
  for (const t of whole.ticks) assert.ok(t.x >= 0 && t.x <= 1000);

  // 20 µs window 2.5 s into the trace: offsets in µs or ns, the origin in seconds.
  const deep = computeRuler(2_500_001_000, 2_500_021_000, 1000);
  assert.ok(deep.originLabel && /s$/.test(deep.originLabel), `origin ${deep.originLabel}`);
  assert.ok(deep.ticks.every((t) => t.label.startsWith('+')));
  assert.ok(deep.ticks.every((t) => /(µs|ns)$/.test(t.label)));
  // Ticks are equally spaced and strictly increasing.
  const dx = deep.ticks[1].x - deep.ticks[0].x;
  for (let i = 1; i < deep.ticks.length; i++) assert.ok(Math.abs(deep.ticks[i].x - deep.ticks[i - 1].x - dx) < 1e-6);
  // Offsets are distinct labels.
  assert.equal(new Set(deep.ticks.map((t) => t.label)).size, deep.ticks.length);
});
