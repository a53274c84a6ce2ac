// deepstream-app rules: the muxer against the sources and the primary GIE, GIE ids, and the
// settings that cost throughput in a performance run (CPU OSD, clock-synced sinks, the tiler).
// Facts: deepstream_app.c / deepstream_*_gie_bin.c (the app forces process-mode 1 for the primary
// GIE and 2 for secondaries; [primary-gie] batch-size overrides the config file's) and NVIDIA's
// config-derivation-rules.md (mux batch = streams, mux size = model input, timeout = 1e6/fps).
import type { AppModel } from '../appModel';
import { entryBool, entryNumber } from '../values';
import { insertKeyFix, replaceValueFix, type RuleContext } from './context';

export function checkApp(ctx: RuleContext, app: AppModel): void {
  checkMuxBatch(ctx, app);
  checkGies(ctx, app);
  checkMuxResolution(ctx, app);
  checkPushTimeout(ctx, app);
  checkPerformanceSettings(ctx, app);
}

function checkMuxBatch(ctx: RuleContext, app: AppModel): void {
  const mux = app.mux;
  if (!mux) return;
  const be = mux.keys.get('batch-size');
  const batch = entryNumber(be);
  if (be && batch !== undefined && app.streamCount !== undefined && app.streamCount > 0 && batch !== app.streamCount) {
    ctx.report({
      code: 'config/mux-batch-vs-sources',
      severity: 'warning',
      message: `[streammux] batch-size=${batch} but ${app.streamCount} stream${app.streamCount === 1 ? '' : 's'} feed the muxer (enabled sources, num-sources counted): ${batch < app.streamCount ? 'frames wait for the next batch and the pipeline falls behind' : 'every batch is pushed partly empty after batched-push-timeout, wasting inference slots'}.`,
      range: be.valueTrimmedRange,
      fixes: [replaceValueFix(`Set batch-size=${app.streamCount}`, be, String(app.streamCount))],
    });
  }
  const pgie = app.gies.find((g) => g.primary);
  if (pgie && batch !== undefined && pgie.batchSize !== undefined && pgie.batchSize !== batch) {
    const fromApp = pgie.group.keys.get('batch-size');
    const fixTarget = fromApp;
    ctx.report({
      code: 'config/gie-batch-vs-mux',
      severity: 'warning',
      message: `Primary GIE batch-size=${pgie.batchSize}${fromApp ? '' : ` (from ${pgie.configFile?.value ?? 'its config'}${pgie.nvinfer?.batchSizeSet ? '' : ', the default'})`} differs from [streammux] batch-size=${batch}: ${pgie.batchSize < batch ? 'each muxer batch is inferred in several passes' : 'the engine is built larger than any batch it gets'}, and the engine may be rebuilt.`,
      range: fromApp ? fromApp.valueTrimmedRange : pgie.group.nameRange,
      fixes: fixTarget ? [replaceValueFix(`Set batch-size=${batch}`, fixTarget, String(batch))] : [insertKeyFix(ctx, pgie.group.name, 'batch-size', String(batch), `Add batch-size=${batch} to [${pgie.group.name}]`)].filter((f) => f !== undefined),
    });
  }
}

function checkGies(ctx: RuleContext, app: AppModel): void {
  const byId = new Map<number, string>();
  for (const g of app.gies) {
    if (g.uniqueId === undefined || g.pluginType !== 0) continue;
    const prev = byId.get(g.uniqueId);
    const appEntry = g.group.keys.get('gie-unique-id');
    if (prev) {
      ctx.report({
        code: 'config/duplicate-gie-id',
        severity: 'warning',
        message: `[${g.group.name}] has gie-unique-id=${g.uniqueId}${appEntry ? '' : ` (from ${g.configFile?.value ?? 'its config'})`}, like [${prev}]: their metadata cannot be told apart and operate-on-gie-id=${g.uniqueId} matches both.`,
        range: appEntry ? appEntry.valueTrimmedRange : g.group.nameRange,
      });
    } else byId.set(g.uniqueId, g.group.name);
  }
  // A file with secondaries but no [primary-gie] is a fragment (the parallel-inference sample
  // splits its config in files): the GIE it operates on may be in another file.
  const complete = app.gies.some((g) => g.primary);
  for (const g of app.gies) {
    if (g.primary || g.pluginType !== 0) continue;
    const op = g.operateOnGieId;
    if (op === undefined || op === -1) continue;
    if (complete && !byId.has(op)) {
      const fromApp = g.group.keys.get('operate-on-gie-id');
      ctx.report({
        code: 'config/operate-on-missing-gie',
        severity: 'warning',
        message: `[${g.group.name}] operates on gie-unique-id=${op}${fromApp ? '' : ` (from ${g.configFile?.value ?? 'its config'})`}, but no enabled GIE has that id (${[...byId.keys()].join(', ') || 'none'}): it never infers.`,
        range: fromApp ? fromApp.valueTrimmedRange : g.group.nameRange,
      });
    }
    const pm = g.nvinfer?.get('process-mode');
    if (pm && entryNumber(pm) === 1) {
      ctx.report({
        code: 'config/process-mode-mismatch',
        severity: 'info',
        message: `${g.configFile?.value} says process-mode=1 (primary) but is used as [${g.group.name}]; deepstream-app forces process-mode=2, so the file behaves differently when used elsewhere.`,
        range: g.configFile?.entry.valueTrimmedRange ?? g.group.nameRange,
      });
    }
  }
  // deepstream-app itself never reads NvDsInferTensorMeta; only the tracker can (input-tensor-meta
  // with tensor-meta-gie-id, e.g. ReID embeddings from a secondary GIE).
  const tr = app.tracker;
  const trackerReads = tr && entryBool(tr.keys.get('input-tensor-meta')) === true ? entryNumber(tr.keys.get('tensor-meta-gie-id')) : undefined;
  for (const g of app.gies) {
    const otm = g.nvinfer?.get('output-tensor-meta');
    if (!otm || !g.nvinfer?.outputTensorMeta) continue;
    if (trackerReads !== undefined && trackerReads === g.uniqueId) continue;
    // nvmsgconv may put embeddings into messages (msg-conv-embedding-filter): a possible consumer.
    if (app.sinks.some((k) => entryNumber(k.keys.get('type')) === 6) || app.enabled(app.doc.groupMap.get('message-converter'))) continue;
    ctx.report({
      code: 'config/output-tensor-meta-unused',
      severity: 'info',
      message: `${g.configFile?.value} sets output-tensor-meta=1, but deepstream-app's pipeline reads no tensors of [${g.group.name}] (only [tracker] input-tensor-meta=1 with tensor-meta-gie-id=${g.uniqueId ?? '?'} would): unless a probe of your own reads them, every batch is copied to host memory for nothing.`,
      range: g.configFile?.entry.valueTrimmedRange ?? g.group.nameRange,
    });
  }
  const p = app.gies.find((g) => g.primary);
  const pm = p?.nvinfer?.get('process-mode');
  if (p && pm && entryNumber(pm) === 2) {
    ctx.report({
      code: 'config/process-mode-mismatch',
      severity: 'info',
      message: `${p.configFile?.value} says process-mode=2 (secondary) but is the [primary-gie]; deepstream-app forces process-mode=1 (full frames).`,
      range: p.configFile?.entry.valueTrimmedRange ?? p.group.nameRange,
    });
  }
}

function checkMuxResolution(ctx: RuleContext, app: AppModel): void {
  const mux = app.mux;
  const p = app.gies.find((g) => g.primary);
  const dims = p?.nvinfer?.inferDims;
  if (!mux || !dims || dims.length !== 3) return;
  const we = mux.keys.get('width');
  const he = mux.keys.get('height');
  const w = entryNumber(we);
  const h = entryNumber(he);
  if (w === undefined || h === undefined || !we || !he) return;
  const [, mh, mw] = dims;
  if (w > mw && h > mh && (w !== mw || h !== mh)) {
    ctx.report({
      code: 'config/mux-resolution-vs-model',
      severity: 'info',
      message: `The muxer scales every frame to ${w}×${h}, then nvinfer scales it again to the model input ${mw}×${mh} (infer-dims in ${p?.configFile?.value}). When nothing downstream needs ${w}×${h} (display, encoder), muxing at ${mw}×${mh} saves one scaling pass and memory bandwidth.`,
      range: { start: we.keyRange.start, end: we.valueTrimmedRange.end },
    });
  }
}

function checkPushTimeout(ctx: RuleContext, app: AppModel): void {
  const mux = app.mux;
  if (!mux) return;
  const te = mux.keys.get('batched-push-timeout');
  const timeout = entryNumber(te);
  const live = app.sources.some((s) => s.live) || entryBool(mux.keys.get('live-source')) === true;
  if ((!te || timeout === -1) && live) {
    ctx.report({
      code: 'config/batched-push-timeout',
      severity: 'warning',
      message: 'Live sources without batched-push-timeout: the muxer waits for a full batch, so one stalled camera stalls all streams. Set it to about one frame interval (1e6/fps µs, e.g. 33333 at 30 fps).',
      range: te ? te.valueTrimmedRange : mux.nameRange,
      fixes: te ? [replaceValueFix('Set batched-push-timeout=33333 (30 fps)', te, '33333')] : [insertKeyFix(ctx, mux.name, 'batched-push-timeout', '33333', 'Add batched-push-timeout=33333 (30 fps)')].filter((f) => f !== undefined),
    });
    return;
  }
  if (!te || timeout === undefined || timeout <= 0) return;
  const fps = app.sources.map((s) => s.fps).filter((f): f is number => f !== undefined);
  if (fps.length > 0) {
    const slowest = Math.min(...fps);
    const interval = Math.round(1e6 / slowest);
    if (timeout > 2 * interval || timeout < interval / 2) {
      ctx.report({
        code: 'config/batched-push-timeout',
        severity: 'warning',
        message: `batched-push-timeout=${timeout} µs but the sources run at ${slowest} fps (one frame every ${interval} µs): ${timeout > interval ? 'a late source delays every batch by up to the timeout' : 'batches are pushed before all sources delivered a frame, so they are partly empty'}. About ${interval} fits.`,
        range: te.valueTrimmedRange,
        fixes: [replaceValueFix(`Set batched-push-timeout=${interval}`, te, String(interval))],
      });
    }
  } else if (timeout > 1_000_000) {
    ctx.report({
      code: 'config/batched-push-timeout',
      severity: 'info',
      message: `batched-push-timeout=${timeout} µs is more than a second: with 30 fps sources about 33333 µs (1e6/fps) is enough to fill a batch.`,
      range: te.valueTrimmedRange,
    });
  }
}

function checkPerformanceSettings(ctx: RuleContext, app: AppModel): void {
  const osd = app.osd;
  const pm = osd?.keys.get('process-mode');
  if (osd && pm && entryNumber(pm) === 0) {
    ctx.report({
      code: 'config/osd-cpu-mode',
      severity: 'warning',
      message: '[osd] process-mode=0 draws boxes and text on the CPU: every frame is mapped to host memory. process-mode=1 (GPU) keeps frames on the device.',
      range: pm.valueTrimmedRange,
      fixes: [replaceValueFix('Draw on the GPU (process-mode=1)', pm, '1', true)],
    });
  }
  if (!app.measuring) return;
  for (const s of app.sinks) {
    const se = s.keys.get('sync');
    const type = entryNumber(s.keys.get('type'));
    if (se && entryNumber(se) === 1) {
      ctx.report({
        code: 'config/sink-sync-in-perf',
        severity: 'warning',
        message: `[${s.name}] sync=1 renders on the clock (real-time) while [application] enable-perf-measurement=1: the measured FPS is capped at the source frame rate${type === 2 ? ' and the display' : ''}, not what the pipeline can do.`,
        range: se.valueTrimmedRange,
        fixes: [replaceValueFix('Set sync=0 for the measurement', se, '0')],
      });
    }
  }
  if (app.tiler) {
    const en = app.tiler.keys.get('enable');
    ctx.report({
      code: 'config/tiler-in-perf',
      severity: 'info',
      message: '[tiled-display] is enabled in a performance run (enable-perf-measurement=1): composing all streams into one frame costs GPU time and memory bandwidth. Disable it (and the OSD) unless the output is watched.',
      range: en ? en.valueTrimmedRange : app.tiler.nameRange,
      fixes: en ? [replaceValueFix('Disable the tiler (enable=0)', en, '0')] : undefined,
    });
  }
}
