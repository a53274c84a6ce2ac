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
  const names = doc.groups.map((g) => g.name);
  if (names.length === 0) {
    if (looksLikeProtobufText(text)) return 'nvinferserver';
    return 'unknown';
  }
  const has = (re: RegExp) => names.some((n) => re.test(n));
  const prop = doc.groupMap.get('property');
  const propKeys = prop ? new Set(prop.entries.map((e) => e.key)) : new Set<string>();
  if (doc.format === 'yaml') {
    if (has(trackerGroup)) return 'tracker';
    if (has(/^deepstream$/)) return 'service-maker';
  }
  if (prop) {
    if (has(analyticsGroup) || propKeys.has('config-width') || propKeys.has('osd-mode')) return 'analytics';
    if (has(/^surface\d+$/) || propKeys.has('output-width') || propKeys.has('num-batch-buffers')) return 'dewarper';
    if (propKeys.has('active-pad') || propKeys.has('pts-tolerance') || has(/^group-\d+$/) && [...(doc.groups.filter((g) => /^group-\d+$/.test(g.name)))].some((g) => g.entries.some((e) => /^src-ids-model-/.test(e.key)))) return 'metamux';
    if (has(/^group-\d+$/) || has(/^user-configs$/) || propKeys.has('target-unique-ids') || propKeys.has('network-input-shape') || propKeys.has('processing-width')) return 'preprocess';
    if (propKeys.has('algorithm-type') || propKeys.has('adaptive-batching') || propKeys.has('overall-max-fps-n') || propKeys.has('max-fps-control')) return 'streammux';
    // nvdspostprocess reuses [property]/[class-attrs-*] but only describes post-processing: no
    // model, no input preprocessing.
    const modelOrInput = ['onnx-file', 'model-engine-file', 'tlt-encoded-model', 'model-file', 'uff-file', 'proto-file', 'custom-network-config', 'engine-create-func-name', 'net-scale-factor', 'offsets', 'infer-dims', 'batch-size', 'model-color-format', 'int8-calib-file', 'network-mode'];
    if (!modelOrInput.some((k) => propKeys.has(k))) return 'postprocess';
    return 'nvinfer';
  }
  if (has(/^class-attrs-/)) return 'nvinfer';
  if (has(/^message-broker$/)) return 'msgbroker';
  if (has(appGroup)) return 'deepstream-app';
  return 'unknown';
}
