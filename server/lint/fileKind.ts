// Which linter a file belongs to, decided by name and, for ambiguous names (.txt, .yml), by
// content, the way DeepStream users name their files (config_infer_primary.txt, ds_app.txt).

export type FileKind =
  | 'gst-pipeline' // a bare launch line (.gst / .pipeline)
  | 'shell' // gst-launch-1.0 lines inside shell scripts
  | 'python' // Gst.parse_launch(...) strings
  | 'c' // gst_parse_launch(...) strings (C/C++)
  | 'markdown'
  | 'dockerfile'
  | 'nvinfer-config' // [property] / [class-attrs-*] key files (INI) or YAML with `property:`
  | 'deepstream-app-config' // [application] / [sourceN] / [streammux] ...
  | 'config-other' // tracker / preprocess / analytics / dewarper / nvinferserver (recognized)
  | 'none';

const bySuffix: [RegExp, FileKind][] = [
  [/\.(gst|pipeline)$/i, 'gst-pipeline'],
  [/\.(sh|bash|zsh)$/i, 'shell'],
  [/\.py$/i, 'python'],
  [/\.(c|cc|cpp|cxx|h|hh|hpp|cu)$/i, 'c'],
  [/\.(md|markdown)$/i, 'markdown'],
  [/(^|[\\/])Dockerfile(\.[^\\/]*)?$|\.dockerfile$/i, 'dockerfile'],
];

/** First INI group name in the text, skipping comments and blank lines. */
export function firstIniGroup(text: string): string | undefined {
  const m = /^[ \t]*\[([^\]\r\n]+)\]/m.exec(text.slice(0, 64 * 1024));
  return m ? m[1].trim() : undefined;
}

const appGroups = /^(application|tiled-display|source\d+|streammux|primary-gie|secondary-gie\d+|tracker|osd|sink\d+|tests|message-converter|message-consumer\d+|img-save|pre-process\d*|sec-pre-process\d*|ds-example|nvds-analytics|source-list|source-attr-all)$/;

export function detectFileKind(path: string, text?: string): FileKind {
  for (const [re, kind] of bySuffix) if (re.test(path)) return kind;
  if (/\.(txt|cfg|conf|ini|config)$/i.test(path) && text !== undefined) {
    const group = firstIniGroup(text);
    if (group === undefined) {
      if (/^\s*gst-launch-1\.0\s/m.test(text)) return 'shell';
      if (looksLikeNvinferserverConfig(text)) return 'config-other';
      return 'none';
    }
    if (group === 'property' || /^class-attrs-/.test(group)) return 'nvinfer-config';
    if (appGroups.test(group)) return 'deepstream-app-config';
    return 'config-other';
  }
  if (/\.ya?ml$/i.test(path) && text !== undefined) {
    const head = text.slice(0, 64 * 1024);
    if (/^property\s*:/m.test(head)) return 'nvinfer-config';
    if (/^(application|streammux|primary-gie|source-list|source\d*|sink\d+|osd|tiled-display)\s*:/m.test(head)) return 'deepstream-app-config';
    if (/^(BaseConfig|TargetManagement|TrajectoryManagement|DataAssociator|StateEstimator|ReID|property|group-\d+|roi-filtering-stream-\d+|line-crossing-stream-\d+)\s*:/m.test(head)) return 'config-other';
    // deepstream-app YAML split into per-component files (tracker0.yml, secondary-gie1.yml of the
    // parallel-inference sample), more tracker sections, Service Maker pipelines (`deepstream:`).
    if (/^(secondary-gie\d+|primary-gie\d*|tracker\d*|sink|source-attr-all|tests|streammux|pre-process|secondary-pre-process\d+|nvds-analytics|message-converter|img-save)\s*:/m.test(head)) return 'deepstream-app-config';
    if (/^(VisualTracker|MultiViewAssociator|ObjectModelProjection|Segmenter|PoseEstimator|Communicator|TrackletManagement|deepstream|class-attrs-all)\s*:/m.test(head)) return 'config-other';
    return 'none';
  }
  return 'none';
}

/** nvinferserver configs are protobuf text (`infer_config { ... }`), not key files. */
export function looksLikeNvinferserverConfig(text: string): boolean {
  return /^\s*(infer_config|input_control|output_control)\s*\{/m.test(text.slice(0, 64 * 1024));
}
