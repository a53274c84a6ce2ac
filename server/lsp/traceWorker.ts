// Worker thread of the trace viewer's language-server side: computes the `nsys stats` summary and
// the diagnosis of a model off the server's main thread, so timeline requests (and linting) stay
// responsive while a large capture is analysed. Receives the model (its string table as a plain
// array), answers `{summary}` first, then `{diagnosis}` (unless asked not to), or `{error}`.
import { parentPort } from 'node:worker_threads';
import { summarize } from '../trace/summary';
import { diagnose } from '../trace/diagnose';
import { createStringTable } from '../trace/strings';
import type { TraceModel } from '../trace/model';

/** The model as it crosses the thread boundary: everything but the string table's methods. */
export type PortableModel = Omit<TraceModel, 'strings'> & { strings: { strings: string[] } };

export function toPortable(model: TraceModel): PortableModel {
  return { ...model, strings: { strings: model.strings.strings } };
}

export function fromPortable(p: PortableModel): TraceModel {
  const strings = createStringTable();
  for (const s of p.strings.strings) strings.intern(s);
  return { ...p, strings };
}

parentPort?.once('message', (msg: { model: PortableModel; diagnose?: boolean }) => {
  const port = parentPort!;
  try {
    const model = fromPortable(msg.model);
    port.postMessage({ summary: summarize(model) });
    // diagnose: false when the model's diagnosis is already known (the loop computed it).
    if (msg.diagnose !== false) port.postMessage({ diagnosis: diagnose(model) });
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
