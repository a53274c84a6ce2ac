// Memory a TraceModel holds: its typed arrays plus its strings (2 bytes per UTF-16 unit and a
// per-string overhead), for the size limit and the benchmark.
import type { TraceModel } from './model';

export function modelBytes(model: TraceModel): number {
  let bytes = 0;
  for (const t of [model.nvtx, model.marks, model.api, model.kernels, model.memcpy, model.memset, model.sync, model.osrt]) {
    for (const v of Object.values(t)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
  }
  for (const s of model.strings.strings) bytes += 2 * s.length + 32;
  bytes += (model.threads.length + model.streams.length + model.processes.length + model.nvtxDomains.length) * 64;
  return bytes;
}
