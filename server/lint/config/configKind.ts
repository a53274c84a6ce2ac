// Which DeepStream component reads a config, decided from its content (group names and the keys
// of [property]), for INI and YAML alike. Finer than FileKind: nvinfer, deepstream-app,
// nvdspreprocess, nvdsanalytics, nvdewarper, nvdsmetamux, new nvstreammux, tracker, ...
import type { ConfigDoc } from './document';
import type { ConfigKind } from './schema/types';

const appGroup = /^(application|tiled-display|source\d*|source-list|source-attr-all|streammux|primary-gie|secondary-gie\d+|tracker|osd|segvisual|sink\d+|tests|message-converter|message-consumer\d+|img-save|pre-process|secondary-pre-process\d+|ds-example|nvds-analytics|dewarper\d*|visionencoder|text-embedder|replay)$/;
const trackerGroup = /^(BaseConfig|TargetManagement|TrajectoryManagement|DataAssociator|StateEstimator|ObjectModelProjection|ReID|VisualTracker|Segmenter|MultiViewAssociator|PoseEstimator|Communicator|TrackletManagement)$/;
const analyticsGroup = /^(roi-filtering-stream|overcrowding-stream|line-crossing-stream|direction-detection-stream)-\d+$/;

/** True for protobuf text (nvinferserver `infer_config { ... }`), which is neither INI nor YAML. */
export function looksLikeProtobufText(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return /^\s*(infer_config|input_control|output_control)\s*\{/m.test(head) || (/^\s*[a-z_]+\s*\{\s*$/m.test(head) && !/^\s*\[/m.test(head));
}

export function detectConfigKind(doc: ConfigDoc, text: string): ConfigKind {
  const groups = doc.groups;
  if (groups.length === 0) {
    if (looksLikeProtobufText(text)) return 'nvinferserver';
    return 'unknown';
  }
  // One pass over the group names (this runs for every config and every referenced config).
  let tracker = false;
  let serviceMaker = false;
  let analytics = false;
  let surface = false;
  let groupN = false;
  let metamuxGroup = false;
  let userConfigs = false;
  let classAttrs = false;
  let broker = false;
  let app = false;
  for (const g of groups) {
    const n = g.name;
    if (!tracker && trackerGroup.test(n)) tracker = true;
    if (n === 'deepstream') serviceMaker = true;
    if (!analytics && analyticsGroup.test(n)) analytics = true;
    if (!surface && /^surface\d+$/.test(n)) surface = true;
    if (/^group-\d+$/.test(n)) {
      groupN = true;
      if (!metamuxGroup && g.entries.some((e) => e.key.startsWith('src-ids-model-'))) metamuxGroup = true;
    }
    if (n === 'user-configs') userConfigs = true;
    if (!classAttrs && n.startsWith('class-attrs-')) classAttrs = true;
    if (n === 'message-broker') broker = true;
    if (!app && appGroup.test(n)) app = true;
  }
  const prop = doc.groupMap.get('property');
  if (doc.format === 'yaml') {
    if (tracker) return 'tracker';
    if (serviceMaker) return 'service-maker';
  }
  if (prop) {
    // keys misses translations (`key[fr]`), which still count here; entries has them.
    const keys: { has(k: string): boolean } = prop.entries.length === prop.keys.size ? prop.keys : new Set(prop.entries.map((e) => e.key));
    const has = (k: string) => keys.has(k);
    if (analytics || has('config-width') || has('osd-mode')) return 'analytics';
    if (surface || has('output-width') || has('num-batch-buffers')) return 'dewarper';
    if (has('active-pad') || has('pts-tolerance') || metamuxGroup) return 'metamux';
    if (groupN || userConfigs || has('target-unique-ids') || has('network-input-shape') || has('processing-width')) return 'preprocess';
    if (has('algorithm-type') || has('adaptive-batching') || has('overall-max-fps-n') || has('max-fps-control')) return 'streammux';
    // nvdspostprocess reuses [property]/[class-attrs-*] but only describes post-processing: no
    // model, no input preprocessing.
    if (!modelOrInput.some(has)) return 'postprocess';
    return 'nvinfer';
  }
  if (classAttrs) return 'nvinfer';
  if (broker) return 'msgbroker';
  if (app) return 'deepstream-app';
  return 'unknown';
}

const modelOrInput = ['onnx-file', 'model-engine-file', 'tlt-encoded-model', 'model-file', 'uff-file', 'proto-file', 'custom-network-config', 'engine-create-func-name', 'net-scale-factor', 'offsets', 'infer-dims', 'batch-size', 'model-color-format', 'int8-calib-file', 'network-mode'];
