// What a deepstream-app config builds, read from its groups: the sources (num-sources and
// [source-list] counted), the muxer, the GIEs with their nvinfer configs (read through FileAccess),
// tracker, tiler, OSD and sinks. The app rules and the pipeline graph both work on it.
import type { FileAccess } from '../diagnostic';
import type { ConfigDoc, ConfigEntry, ConfigGroup } from './document';
import { docFromKeyFile } from './document';
import { parseKeyFile } from './keyFile';
import { readNvinfer, type NvinferInfo } from './nvinferInfo';
import { resolveConfigPath } from './rules/context';
import { detectConfigKind } from './configKind';
import { entryBool, entryNumber, entryString } from './values';
import { parseYamlConfig } from './yamlConfig';

export interface AppSource {
  group: ConfigGroup;
  type?: number;
  uri?: string;
  /** Streams this group feeds into the muxer (num-sources for type 3). */
  streams: number;
  /** Frames per second when the source says (camera-fps-n/d), undefined for files and RTSP. */
  fps?: number;
  live: boolean;
  /** YAML `source: csv-file-path:` sources: the 1-based line of the CSV row this source comes from. */
  csvLine?: number;
  /** [source-list] sources: the index of the URI in `list`. */
  listIndex?: number;
}

/** Sources the config declares but whose number cannot be known here (an unreadable CSV file,
 * a [source-list] that nvmultiurisrcbin fills at run time through its REST API). */
export interface UndeterminedSources {
  group: ConfigGroup;
  why: string;
}

export interface AppGie {
  group: ConfigGroup;
  primary: boolean;
  pluginType: number;
  configFile?: { value: string; abs: string; entry: ConfigEntry };
  /** The nvinfer config, when it could be read. */
  nvinfer?: NvinferInfo;
  nvinferPath?: string;
  /** Why the config could not be read (missing, unreadable, not nvinfer). */
  configProblem?: string;
  /** Effective values (the app's keys override the config file's). */
  uniqueId?: number;
  uniqueIdEntry?: ConfigEntry;
  batchSize?: number;
  batchSizeEntry?: ConfigEntry;
  operateOnGieId?: number;
  operateOnGieIdEntry?: ConfigEntry;
}

export interface AppModel {
  doc: ConfigDoc;
  sources: AppSource[];
  /** Total streams into the muxer; undefined when not knowable (unreadable CSV source lists). */
  streamCount?: number;
  /** Set when sources are declared but cannot be counted; the graph then does not claim that nothing feeds the muxer. */
  undeterminedSources?: UndeterminedSources;
  mux?: ConfigGroup;
  gies: AppGie[];
  tracker?: ConfigGroup;
  tiler?: ConfigGroup;
  osd?: ConfigGroup;
  sinks: ConfigGroup[];
  /** enable-perf-measurement=1 in [application]. */
  measuring: boolean;
  /** Which groups are enabled (enable=1; groups without the key count as enabled where the app defaults so). */
  enabled(g: ConfigGroup | undefined): boolean;
}

function isEnabled(g: ConfigGroup | undefined): boolean {
  if (!g) return false;
  const e = g.keys.get('enable');
  if (!e) return false;
  return entryBool(e) ?? false;
}

/** Parsed referenced configs by path, reused while their text is unchanged (many app configs
 * share one nvinfer config; parsing is a pure function of the text). */
const parsedCache = new Map<string, { text: string; doc: ConfigDoc }>();
const parsedCacheSize = 64;

/** Reads a referenced config (INI or YAML) through FileAccess; never throws. */
export function loadConfigDoc(files: FileAccess, abs: string): { doc?: ConfigDoc; text?: string; error?: string } {
  const r = files.readText(abs);
  if (r.text === undefined) return { error: r.error ?? `${abs} cannot be read` };
  if (r.text.includes('\u0000')) return { error: `${abs} is a binary file` };
  const hit = parsedCache.get(abs);
  if (hit && hit.text === r.text) return { doc: hit.doc, text: r.text };
  const doc = /\.ya?ml$/i.test(abs) ? parseYamlConfig(r.text) : docFromKeyFile(parseKeyFile(r.text));
  if (parsedCache.size >= parsedCacheSize) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(abs, { text: r.text, doc });
  return { doc, text: r.text };
}

export function readApp(doc: ConfigDoc, configPath: string, files: FileAccess): AppModel {
  const sources: AppSource[] = [];
  let streamCount: number | undefined = 0;
  let undeterminedSources: UndeterminedSources | undefined;
  const list = doc.groupMap.get('source-list');
  if (list) {
    // deepstream-app parse_source_list: one source per `list` URI (attributes from [source-attr-all]);
    // with use-nvmultiurisrcbin the REST API adds more at run time.
    const l = list.keys.get('list');
    const n = entryNumber(list.keys.get('num-source-bins'));
    const uris = l ? l.items.map((i) => i.text.trim()).filter((t) => t !== '') : [];
    streamCount = uris.length || n || 0;
    const attrs = doc.groupMap.get('source-attr-all');
    const type = entryNumber(attrs?.keys.get('type'));
    uris.forEach((uri, i) => sources.push({ group: list, type, uri, streams: 1, live: type === 1 || type === 4 || type === 5 || uri.startsWith('rtsp://'), listIndex: i }));
    for (let i = uris.length; i < streamCount; i++) sources.push({ group: list, type, streams: 1, live: type === 1 || type === 4 || type === 5, listIndex: i });
    if (streamCount === 0) undeterminedSources = { group: list, why: '[source-list] lists no URI: nvmultiurisrcbin adds the streams at run time' };
  }
  for (const g of doc.groups) {
    if (!/^source\d+$/.test(g.name)) continue;
    const type = entryNumber(g.keys.get('type'));
    const enabled = isEnabled(g);
    const streams = type === 3 ? Math.max(1, entryNumber(g.keys.get('num-sources')) ?? 1) : 1;
    const fpsN = entryNumber(g.keys.get('camera-fps-n'));
    const fpsD = entryNumber(g.keys.get('camera-fps-d')) ?? 1;
    const uri = entryString(g.keys.get('uri'))?.trim();
    const live = type === 1 || type === 4 || type === 5 || (uri?.startsWith('rtsp://') ?? false);
    const src: AppSource = { group: g, type, uri, streams, fps: fpsN && fpsD ? fpsN / fpsD : undefined, live };
    if (enabled) {
      sources.push(src);
      if (!list && streamCount !== undefined) streamCount += streams;
    }
  }
  // YAML: `source: csv-file-path: ...` lists the sources in a CSV file (enable,type,uri,num-sources,...).
  const yamlSource = doc.format === 'yaml' ? doc.groupMap.get('source') : undefined;
  const csvEntry = yamlSource?.keys.get('csv-file-path');
  if (yamlSource && csvEntry) {
    const csv = entryString(csvEntry)?.trim();
    const abs = csv ? resolveConfigPath(configPath, csv) : undefined;
    const read = abs ? files.readText(abs) : { error: 'csv-file-path is empty' };
    if (read.text !== undefined) {
      const rows = readSourceCsv(read.text);
      streamCount = 0;
      for (const r of rows) {
        sources.push({ group: yamlSource, type: r.type, uri: r.uri, streams: r.streams, fps: r.fps, live: r.type === 1 || r.type === 4 || r.type === 5 || (r.uri?.startsWith('rtsp://') ?? false), csvLine: r.line });
        streamCount += r.streams;
      }
    } else {
      streamCount = undefined;
      undeterminedSources = { group: yamlSource, why: `the sources are in ${csv || 'a CSV file'}, which cannot be read here (${read.error ?? 'unreadable'})` };
    }
  }
  const gies: AppGie[] = [];
  for (const g of doc.groups) {
    const primary = g.name === 'primary-gie';
    if (!primary && !/^secondary-gie/.test(g.name)) continue;
    if (!isEnabled(g)) continue;
    const gie: AppGie = { group: g, primary, pluginType: entryNumber(g.keys.get('plugin-type')) ?? 0 };
    const cf = g.keys.get('config-file');
    const cfv = entryString(cf)?.trim();
    if (cf && cfv) {
      const abs = resolveConfigPath(configPath, cfv);
      gie.configFile = { value: cfv, abs, entry: cf };
      if (gie.pluginType === 0) {
        const loaded = loadConfigDoc(files, abs);
        if (loaded.doc && loaded.text !== undefined) {
          const kind = detectConfigKind(loaded.doc, loaded.text);
          if (kind === 'nvinfer' || kind === 'postprocess') {
            gie.nvinfer = readNvinfer(loaded.doc);
            gie.nvinferPath = abs;
          } else gie.configProblem = `${cfv} is not an nvinfer config (${kind})`;
        } else gie.configProblem = loaded.error;
      }
    }
    const app = (k: string) => g.keys.get(k);
    gie.uniqueIdEntry = app('gie-unique-id') ?? gie.nvinfer?.get('gie-unique-id');
    gie.uniqueId = entryNumber(app('gie-unique-id')) ?? (gie.nvinfer ? gie.nvinfer.uniqueId : undefined);
    gie.batchSizeEntry = app('batch-size') ?? gie.nvinfer?.get('batch-size');
    gie.batchSize = entryNumber(app('batch-size')) ?? (gie.nvinfer ? gie.nvinfer.batchSize : undefined);
    gie.operateOnGieIdEntry = app('operate-on-gie-id') ?? gie.nvinfer?.get('operate-on-gie-id');
    gie.operateOnGieId = entryNumber(app('operate-on-gie-id')) ?? gie.nvinfer?.operateOnGieId;
    gies.push(gie);
  }
  const sinks = doc.groups.filter((g) => /^sink/.test(g.name) && isEnabled(g));
  const appGroup = doc.groupMap.get('application');
  return {
    doc,
    sources,
    streamCount,
    mux: doc.groupMap.get('streammux'),
    gies,
    tracker: isEnabled(doc.groupMap.get('tracker')) ? doc.groupMap.get('tracker') : undefined,
    tiler: isEnabled(doc.groupMap.get('tiled-display')) ? doc.groupMap.get('tiled-display') : undefined,
    osd: isEnabled(doc.groupMap.get('osd')) ? doc.groupMap.get('osd') : undefined,
    sinks,
    undeterminedSources,
    measuring: entryBool(appGroup?.keys.get('enable-perf-measurement')) ?? false,
    enabled: isEnabled,
  };
}

export interface CsvSourceRow {
  /** 1-based line of the row in the CSV file. */
  line: number;
  type?: number;
  uri?: string;
  /** Streams this row feeds into the muxer (num-sources copies for type 3). */
  streams: number;
  fps?: number;
}

/**
 * The enabled sources of a deepstream-app YAML source CSV, read as deepstream_app_config_parser_yaml.cpp
 * does: the header is the first line that is neither blank nor a `#` comment, every later line is
 * one source split at each `,` (no quoting), a row counts only when its `enable` column is a
 * non-zero number (the source config starts zeroed, so no `enable` column means disabled), and a
 * type-3 row (URI_MULTIPLE) becomes max(1, num-sources) sources. Blank and comment rows, on which
 * the app's std::stoul would throw, are skipped.
 */
export function readSourceCsv(text: string): CsvSourceRow[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const isSkippable = (l: string) => /^[ \t]*$/.test(l) || /^[ \t]*#/.test(l);
  const h = lines.findIndex((l) => !isSkippable(l));
  if (h < 0) return [];
  const header = lines[h].split(',').map((x) => x.trim());
  const col = (name: string) => header.indexOf(name);
  const num = (cells: string[], name: string): number | undefined => {
    const i = col(name);
    if (i < 0 || i >= cells.length) return undefined;
    const v = Number.parseInt(cells[i].trim(), 10);
    return Number.isNaN(v) ? undefined : v;
  };
  const rows: CsvSourceRow[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    if (isSkippable(lines[i])) continue;
    const cells = lines[i].split(',');
    if (!num(cells, 'enable')) continue;
    const type = num(cells, 'type');
    const uriCol = col('uri');
    const uri = uriCol >= 0 && uriCol < cells.length ? cells[uriCol].trim() : undefined;
    const fpsN = num(cells, 'camera-fps-n');
    const fpsD = num(cells, 'camera-fps-d') ?? 1;
    rows.push({ line: i + 1, type, uri: uri || undefined, streams: type === 3 ? Math.max(1, num(cells, 'num-sources') ?? 1) : 1, fps: fpsN && fpsD ? fpsN / fpsD : undefined });
  }
  return rows;
}
