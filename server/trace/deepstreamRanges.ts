// DeepStream plugin NVTX ranges: `GstNvInfer: UID=N` domains (nvinfer with gie-unique-id N),
// `<element>_(Frame=N)` of nvdsosd, `(Batch=N)` / `batch_num=N` suffixes of other plugins.
// Unknown ranges are kept as they are (no entry).
import type { DeepStreamRange } from './diagnosisTypes';

const NVINFER_DOMAIN = /^GstNvInfer(?:Server)?: ?UID=(\d+)$/;
const FRAME_SUFFIX = /^(.*?)_?\((?:Frame|Batch)=(\d+)\)$/;
const BATCH_NUM = /^(.*?)[ _]?batch_num=(\d+)$/;

function kindOfElement(element: string): DeepStreamRange['kind'] {
  if (/osd/i.test(element)) return 'osd';
  if (/tiler/i.test(element)) return 'tiler';
  if (/infer/i.test(element)) return 'inference';
  if (/preprocess/i.test(element)) return 'preprocess';
  if (/postprocess|tracker|analytics/i.test(element)) return 'postprocess';
  return 'other';
}

/** Parse a range (domain and message as in the model); undefined when it is not a DeepStream plugin range. */
export function parseDeepStreamRange(domain: string, message: string): DeepStreamRange | undefined {
  const range = `${domain}:${message}`;
  const inf = NVINFER_DOMAIN.exec(domain);
  if (inf) {
    const b = BATCH_NUM.exec(message) ?? FRAME_SUFFIX.exec(message);
    return {
      range,
      element: domain.startsWith('GstNvInferServer') ? 'nvinferserver' : 'nvinfer',
      gieUniqueId: Number(inf[1]),
      batch: b ? Number(b[2]) : undefined,
      kind: 'inference',
    };
  }
  const f = FRAME_SUFFIX.exec(message);
  if (f && /^(nv|gst_nv)/i.test(f[1])) {
    const element = f[1];
    return { range, element, batch: Number(f[2]), kind: kindOfElement(element) };
  }
  const b = BATCH_NUM.exec(message);
  if (b && /^(nv|gst_nv)/i.test(b[1])) {
    return { range, element: b[1], batch: Number(b[2]), kind: kindOfElement(b[1]) };
  }
  if (/^(nvstreammux|NvDsTracker|gst_nvdspreprocess|nvmultistreamtiler|nvtiler)/i.test(message)) {
    const element = message.replace(/[:(].*$/, '');
    return { range, element, kind: kindOfElement(element) };
  }
  return undefined;
}

/** Name of the range without its per-frame / per-batch number, for grouping. */
export function rangeFamily(r: DeepStreamRange): string {
  return r.gieUniqueId !== undefined ? `nvinfer (gie-unique-id=${r.gieUniqueId})` : r.element;
}
