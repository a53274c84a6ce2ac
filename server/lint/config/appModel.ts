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
  /** Total streams into the muxer; undefined when not knowable (YAML CSV source lists). */
  streamCount?: number;
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
  const list = doc.groupMap.get('source-list');
  if (list) {
    const l = list.keys.get('list');
    const n = entryNumber(list.keys.get('num-source-bins'));
    const items = l ? l.items.filter((i) => i.text.trim() !== '').length : 0;
    streamCount = items || n || 0;
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
  const yamlSource = doc.groupMap.get('source');
  if (yamlSource?.keys.get('csv-file-path')) {
    const csv = entryString(yamlSource.keys.get('csv-file-path'))?.trim();
    streamCount = csv ? countCsvStreams(files, resolveConfigPath(configPath, csv)) : undefined;
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
    measuring: entryBool(appGroup?.keys.get('enable-perf-measurement')) ?? false,
    enabled: isEnabled,
  };
}

function countCsvStreams(files: FileAccess, abs: string): number | undefined {
  const r = files.readText(abs);
  if (r.text === undefined) return undefined;
  const rows = r.text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (rows.length < 2) return undefined;
  const header = rows[0].split(',').map((h) => h.trim());
  const iEnable = header.indexOf('enable');
  const iType = header.indexOf('type');
  const iNum = header.indexOf('num-sources');
  let n = 0;
  for (const row of rows.slice(1)) {
    const c = row.split(',').map((x) => x.trim());
    if (iEnable >= 0 && c[iEnable] !== '1') continue;
    n += iType >= 0 && c[iType] === '3' && iNum >= 0 ? Math.max(1, Number(c[iNum]) || 1) : 1;
  }
  return n;
}
