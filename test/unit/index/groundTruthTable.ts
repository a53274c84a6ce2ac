// The workload sources of the real captures and, per capture, the line that made each range.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const shared = path.resolve(repoRoot, '..', 'shared');
export const srcDir = path.join(shared, 'traces', 'src');
export const capturesDir = path.join(shared, 'traces', 'h100');
export const py = path.join(srcDir, 'infer_pipeline.py');
export const cu = path.join(srcDir, 'cpp_pipeline.cu');

// Hand-checked ground truth (1-based lines, as an editor shows them): which source line made
// each range of each capture. Ranges named alike in several functions ("frame", "batch") depend
// on the workload variant a capture ran (capture.sh: sync=sync cpu=cpu api=api gpu_*=gpu ...).
export const common: Record<string, [string, number]> = {
  decode: [py, 32],
  preprocess_cpu: [py, 39],
  preprocess_gpu: [py, 49],
  infer: [py, 58],
  postprocess_nms_loop: [py, 66],
  postprocess_batched: [py, 78],
  cpu_resize: [py, 104],
  elementwise_chain: [py, 116],
  enqueue_decoded: [py, 141],
};
export const perCapture: Record<string, Record<string, [string, number]>> = {
  sync: { frame: [py, 88] },
  cpu: { frame: [py, 99] },
  api: { frame: [py, 115] },
  api_big: { frame: [py, 115] },
  gpu_heavy: { batch: [py, 128] },
  gpu_warmup: { batch: [py, 128] },
  stages: {},
  tuned: { batch: [py, 174] },
  cpp: { frame: [cu, 31], upload: [cu, 32], download: [cu, 50], nms_cpu: [cu, 54], 'pipeline:infer_registered': [cu, 24] },
};

