// The workspace index of NVTX call sites and DeepStream plugin ranges: feed it file texts
// (update/remove, incremental), ask it where a range of a trace comes from (resolve). Pure: no
// editor types, no disk access; the language server and the CLI decide which files to feed.
import type { Range } from '../lint/diagnostic';
import { detectFileKind, type FileKind } from '../lint/fileKind';
import type { DomainSpec, FunctionInfo, NvtxCallSite, NvtxFileScan } from './callSite';
import { scanCNvtx } from './cNvtx';
import { scanDeepStream, type DeepStreamFileFacts, type ElementDecl, type InferConfigDecl, type InferConfigRef } from './deepstreamScan';
import { formatTemplate, hasHoles, templateLiteral, templateMatches, templateSpecificity } from './nameTemplate';
import { findWorkspaceFile, type PathMapping } from './pathMapping';
import { scanPythonNvtx } from './pythonNvtx';

export type CandidateMatch =
  | 'literal' // a string literal equal to the name
  | 'function-name' // @nvtx.annotate() / NVTX3_FUNC_RANGE() in a function of that name
  | 'registered' // a registered string equal to the name
  | 'template' // a format string / concatenation matching the name
  | 'gie-config' // the nvinfer config whose unique id the GstNvInfer domain names
  | 'gie-element' // the element / app-config group that uses that config
  | 'element'; // the element named in a `<name>_(Frame=N)` range

export interface NvtxCandidate {
  file: string;
  /** 0-based line/column of what to reveal (the literal, the config value, the element). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  match: CandidateMatch;
  /** `exact` when the site's domain is known and equal; `unknown` when it could not be followed. */
  domainMatch: 'exact' | 'unknown';
  /** Higher ranks first. Exact literals always outrank templates. */
  score: number;
  /** One line for a picker: `nvtxRangePushA("frame") in main`. */
  detail: string;
  site?: NvtxCallSite;
  /** GstNvInfer ranges: the unique id. */
  uid?: number;
}

export interface ResolveContext {
  /**
   * Other range names recorded with this one (its child ranges, or every range name in the
   * trace). Ranks equal literals by how well the ranges their function reaches agree.
   */
  relatedNames?: Iterable<string>;
  /** Paths of the profiled program as the trace reports them (mapped through pathMappings). */
  programPaths?: string[];
}

/** One unique id of the GstNvInfer domains: the config declaring it and who uses that config. */
export interface GieEntry {
  uid: number;
  /** Absolute path of the inference config, when known. */
  configFile?: string;
  /** The config's own declaration (gie-unique-id value, or `[property]` when defaulted). */
  config?: InferConfigDecl;
  /** Elements / app-config groups using the config (with their unique-id overrides). */
  references: InferConfigRef[];
  /** Where the id that wins is written (override first, then the config). */
  file?: string;
  range?: Range;
}

interface FileEntry {
  kind: FileKind;
  scan?: NvtxFileScan;
  ds?: DeepStreamFileFacts;
}

const scoreOf: Record<CandidateMatch, number> = {
  literal: 1000,
  'function-name': 1000,
  registered: 1000,
  'gie-config': 950,
  'gie-element': 900,
  element: 900,
  template: 400,
};

const gieDomain = /^GstNvInfer(?:Server)?: ?UID=(\d+)$/;
const preprocessDomain = /^GstNvDsPreProcess: ?UID=(\d+)$/;
const frameRange = /^(.+)_\(Frame=\d+\)$/;

/** NVTX domains of libraries (not the user's source): explained, not resolved. */
const libraryDomains: Record<string, string> = {
  CCCL: 'CUB/Thrust (CCCL) annotate their algorithms in the CCCL domain; these ranges come from a library (e.g. PyTorch calling cub::DeviceSelect), not from workspace source',
  'NCCL': 'NCCL annotates its collectives in the NCCL domain (library code)',
  'cuDNN': 'cuDNN library ranges',
  'cuBLAS': 'cuBLAS library ranges',
  'TensorRT': 'TensorRT annotates engine layers in its own domain (library code)',
};

export class NvtxIndex {
  private readonly files = new Map<string, FileEntry>();
  private readonly exact = new Map<string, NvtxCallSite[]>();
  private readonly templates = new Map<string, NvtxCallSite[]>();
  /** Bumped when DeepStream facts (configs, elements) change: the GIE map is rebuilt lazily. */
  private dsVersion = 0;
  private derivedDsVersion = -1;
  private gieCache = new Map<number, GieEntry[]>();
  private gieCandidateCache = new Map<number, NvtxCandidate[]>();
  private elementCache: ElementDecl[] = [];
  private elementsByName = new Map<string, ElementDecl[]>();
  /** Maintained on every update: function name → where it is defined (files with NVTX only). */
  private readonly functionsByName = new Map<string, { file: string; info: FunctionInfo }[]>();
  /** `file\0function` → the call sites inside it. */
  private readonly sitesByFunction = new Map<string, NvtxCallSite[]>();
  private readonly resolveCache = new Map<string, NvtxCandidate[]>();
  private pathMappings: PathMapping[] = [];

  constructor(options: { pathMappings?: PathMapping[] } = {}) {
    this.pathMappings = options.pathMappings ?? [];
  }

  setPathMappings(m: PathMapping[]): void {
    this.pathMappings = m;
    this.resolveCache.clear();
  }

  /** Adds or replaces a file. `kind` defaults to detectFileKind(path, text). */
  update(path: string, text: string, kind: FileKind = detectFileKind(path, text)): void {
    this.removeEntries(path);
    const entry: FileEntry = { kind };
    if ((kind === 'python' || kind === 'c') && /nvtx/i.test(text)) {
      entry.scan = kind === 'python' ? scanPythonNvtx(path, text) : scanCNvtx(path, text);
      for (const s of entry.scan.sites) {
        const holes = hasHoles(s.name);
        push(holes ? this.templates : this.exact, holes ? path : templateLiteral(s.name)!, s);
        if (s.enclosingFunction) push(this.sitesByFunction, `${path}\u0000${s.enclosingFunction}`, s);
      }
      for (const f of entry.scan.functions) push(this.functionsByName, f.name, { file: path, info: f });
    }
    const ds = scanDeepStream(path, text, kind);
    if (ds.inferConfig || ds.elements.length || ds.refs.length) {
      entry.ds = ds;
      this.dsVersion++;
    }
    this.files.set(path, entry);
    this.resolveCache.clear();
  }

  remove(path: string): void {
    if (!this.files.has(path)) return;
    this.removeEntries(path);
    this.files.delete(path);
    this.resolveCache.clear();
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Every call site, in file order. */
  allSites(): NvtxCallSite[] {
    const out: NvtxCallSite[] = [];
    for (const e of this.files.values()) if (e.scan) out.push(...e.scan.sites);
    return out;
  }

  sitesIn(path: string): NvtxCallSite[] {
    return this.files.get(path)?.scan?.sites ?? [];
  }

  /** Functions of a file that has NVTX annotations (with their line spans and calls). */
  functionsIn(path: string): FunctionInfo[] {
    return this.files.get(path)?.scan?.functions ?? [];
  }

  /** Scanner problems of a file (unterminated strings, ...). */
  problemsIn(path: string): NvtxFileScan['problems'] {
    return this.files.get(path)?.scan?.problems ?? [];
  }

  /** DeepStream elements the index found (launch lines, code, app configs). */
  elements(): ElementDecl[] {
    this.derive();
    return this.elementCache;
  }

  inferConfigs(): InferConfigDecl[] {
    const out: InferConfigDecl[] = [];
    for (const e of this.files.values()) if (e.ds?.inferConfig) out.push(e.ds.inferConfig);
    return out;
  }

  /** Unique id → inference configs and the elements that use them. */
  get gieConfigs(): Map<number, GieEntry[]> {
    this.derive();
    return this.gieCache;
  }

  /** The workspace file a path from a trace (remote or local) stands for. */
  mapPath(remote: string): string | undefined {
    if (this.files.has(remote)) return remote;
    return findWorkspaceFile(remote, this.pathMappings, (p) => this.files.has(p), this.files.keys());
  }

  /** A sentence on ranges the workspace cannot contain (library domains), else undefined. */
  explain(name: string, domain: string | undefined): string | undefined {
    const d = domain ?? '';
    if (libraryDomains[d]) return `${d}:${name}: ${libraryDomains[d]}.`;
    return undefined;
  }

  /**
   * Where a range of a trace comes from, best first. `domain` is the domain name as the trace
   * reports it (`''` / undefined for the default domain).
   */
  resolve(name: string, domain?: string | null, context: ResolveContext = {}): NvtxCandidate[] {
    const d = domain ?? '';
    const related = context.relatedNames ? [...new Set(context.relatedNames)].filter((x) => x !== name).sort() : [];
    const key = `${d}\u0000${name}\u0000${related.join('\u0001')}\u0000${(context.programPaths ?? []).join('\u0001')}`;
    const cached = this.resolveCache.get(key);
    if (cached) return cached;
    this.derive();
    const out: NvtxCandidate[] = [];
    const relatedSet = new Set(related);
    const programFiles = new Set((context.programPaths ?? []).map((p) => this.mapPath(p)).filter((p): p is string => !!p));

    const consider = (s: NvtxCallSite): void => {
      const dm = domainMatches(s.domain, d);
      if (!dm) return;
      const exactName = !hasHoles(s.name);
      if (exactName ? templateLiteral(s.name) !== name : !templateMatches(s.name, name)) return;
      const match: CandidateMatch = exactName ? (s.nameSource === 'function-name' ? 'function-name' : s.nameSource === 'registered' ? 'registered' : 'literal') : 'template';
      let score = scoreOf[match] + (match === 'template' ? Math.min(templateSpecificity(s.name), 200) : 0);
      if (dm === 'exact') score += 100;
      if (relatedSet.size) score += Math.round(80 * this.contextAgreement(s, relatedSet));
      if (programFiles.has(s.file)) score += 40;
      const where = s.enclosingFunction ? ` in ${s.enclosingFunction}` : '';
      out.push({
        file: s.file,
        line: s.line,
        column: s.column,
        endLine: s.endLine,
        endColumn: s.endColumn,
        match,
        domainMatch: dm,
        score,
        detail: `${s.api}(${JSON.stringify(formatTemplate(s.name))})${where}`,
        site: s,
      });
    };
    for (const s of this.exact.get(name) ?? []) consider(s);
    for (const list of this.templates.values()) for (const s of list) consider(s);

    const uidMatch = gieDomain.exec(d);
    if (uidMatch) out.push(...this.gieCandidates(Number(uidMatch[1])));
    const ppMatch = preprocessDomain.exec(d);
    if (ppMatch) {
      const uid = Number(ppMatch[1]);
      for (const el of this.elements()) {
        if (el.factory === 'nvdspreprocess' && Number(el.props.get('unique-id')?.value) === uid) {
          out.push({ file: el.file, ...pos(el.range), match: 'gie-element', domainMatch: 'exact', score: scoreOf['gie-element'] + 100, detail: `nvdspreprocess unique-id=${uid}`, uid });
        }
      }
    }
    const frame = d === '' ? frameRange.exec(name) : null;
    if (frame) {
      const elName = frame[1];
      for (const el of this.elementsByName.get(elName) ?? []) {
        const named = el.name === elName;
        const auto = !named && el.autoName === elName;
        if (!named && !auto) continue;
        const osdLike = el.factory === 'nvdsosd' || el.factory === 'nvdewarper';
        out.push({
          file: el.file,
          ...pos(el.range),
          match: 'element',
          domainMatch: 'exact',
          score: scoreOf.element + (named ? 100 : 40) + (osdLike ? 20 : 0),
          detail: el.group ? `[${el.group}] (${el.factory} ${elName})` : `${el.factory} ${named ? `name=${elName}` : `(unnamed: ${elName})`}`,
        });
      }
    }
    out.sort((a, b) => b.score - a.score || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
    if (this.resolveCache.size > 5000) this.resolveCache.clear();
    this.resolveCache.set(key, out);
    return out;
  }

  /** Candidates of a `GstNvInfer: UID=N` domain: they depend on the id only (cached until configs change). */
  private gieCandidates(uid: number): NvtxCandidate[] {
    const cached = this.gieCandidateCache.get(uid);
    if (cached) return cached;
    const out: NvtxCandidate[] = [];
    for (const g of this.gieCache.get(uid) ?? []) {
      // Where the id is written ranks first (an element's unique-id / an app config's
      // gie-unique-id override the config's own gie-unique-id), then the config itself.
      if (g.config) {
        const own = g.config.uid === uid;
        const said = own ? (g.config.explicit ? `gie-unique-id=${uid}` : `no gie-unique-id: nvinfer's default ${uid}`) : `gie-unique-id=${g.config.uid}, run as UID ${uid} (set where it is used)`;
        out.push({ file: g.config.file, ...pos(g.config.range), match: 'gie-config', domainMatch: 'exact', score: scoreOf['gie-config'] + (own ? (g.config.explicit ? 100 : 50) : 30), detail: `${basename(g.config.file)}: ${said}`, uid });
      }
      for (const r of g.references) {
        const el = r.element;
        const label = el.group ? `[${el.group}]` : el.name ? `${el.factory} name=${el.name}` : el.factory;
        const setsId = r.uidOverride === uid;
        out.push({ file: r.file, ...pos(setsId && r.uidRange ? r.uidRange : r.range), match: 'gie-element', domainMatch: 'exact', score: scoreOf['gie-element'] + (setsId ? 160 : 100), detail: `${label} config ${r.rawPath}${setsId ? ` unique id ${uid}` : ''}`, uid });
      }
    }
    this.gieCandidateCache.set(uid, out);
    return out;
  }

  /** Jaccard agreement between the ranges a site's function reaches and the related names. */
  private contextAgreement(s: NvtxCallSite, related: Set<string>): number {
    if (!s.enclosingFunction) return 0;
    const reach = new Set<string>();
    const addSitesOf = (file: string | undefined, fn: string): void => {
      const keys = file ? [`${file}\u0000${fn}`] : (this.functionsByName.get(fn) ?? []).map((f) => `${f.file}\u0000${fn}`);
      for (const k of keys) for (const x of this.sitesByFunction.get(k) ?? []) if (x !== s) addName(x);
    };
    const addName = (x: NvtxCallSite): void => {
      const lit = templateLiteral(x.name);
      if (lit !== undefined) reach.add(lit);
    };
    addSitesOf(s.file, s.enclosingFunction);
    const infos = (this.functionsByName.get(s.enclosingFunction) ?? []).filter((f) => f.file === s.file);
    for (const f of infos) {
      for (const callee of f.info.calls) {
        if (callee === s.enclosingFunction) continue;
        const local = (this.functionsByName.get(callee) ?? []).some((g) => g.file === s.file);
        addSitesOf(local ? s.file : undefined, callee);
      }
    }
    reach.delete(templateLiteral(s.name) ?? '');
    if (reach.size === 0) return 0;
    let inter = 0;
    for (const r of reach) if (related.has(r)) inter++;
    return inter / (reach.size + related.size - inter);
  }

  private removeEntries(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    if (old.ds) this.dsVersion++;
    if (!old.scan) return;
    for (const s of old.scan.sites) {
      if (s.enclosingFunction) this.sitesByFunction.delete(`${path}\u0000${s.enclosingFunction}`);
      if (hasHoles(s.name)) continue;
      const lit = templateLiteral(s.name)!;
      const list = this.exact.get(lit);
      if (!list) continue;
      const kept = list.filter((x) => x.file !== path);
      if (kept.length) this.exact.set(lit, kept);
      else this.exact.delete(lit);
    }
    for (const f of old.scan.functions) {
      const list = this.functionsByName.get(f.name);
      if (!list) continue;
      const kept = list.filter((x) => x.file !== path);
      if (kept.length) this.functionsByName.set(f.name, kept);
      else this.functionsByName.delete(f.name);
    }
    this.templates.delete(path);
  }

  /** Rebuilds the DeepStream tables (GIE map, elements by name) when configs or elements changed. */
  private derive(): void {
    if (this.derivedDsVersion === this.dsVersion) return;
    this.derivedDsVersion = this.dsVersion;
    this.elementCache = [];
    this.elementsByName = new Map();
    for (const e of this.files.values()) {
      if (!e.ds) continue;
      for (const el of e.ds.elements) {
        this.elementCache.push(el);
        if (el.name) push(this.elementsByName, el.name, el);
        if (el.autoName && el.autoName !== el.name) push(this.elementsByName, el.autoName, el);
      }
    }
    this.gieCache = buildGieMap(this.files);
    this.gieCandidateCache = new Map();
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function domainMatches(spec: DomainSpec, domain: string): 'exact' | 'unknown' | undefined {
  switch (spec.kind) {
    case 'default':
      return domain === '' || (spec.aliases ?? []).includes(domain) ? 'exact' : undefined;
    case 'named':
      return templateMatches(spec.name, domain) ? 'exact' : undefined;
    case 'unknown':
      return 'unknown';
  }
}

function pos(r: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: r.start.line, column: r.start.character, endLine: r.end.line, endColumn: r.end.character };
}

function basename(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}

function buildGieMap(files: Map<string, FileEntry>): Map<number, GieEntry[]> {
  const configs = new Map<string, InferConfigDecl>();
  const byBase = new Map<string, InferConfigDecl[]>();
  const refs: InferConfigRef[] = [];
  for (const e of files.values()) {
    if (e.ds?.inferConfig) {
      configs.set(e.ds.inferConfig.file, e.ds.inferConfig);
      const b = basename(e.ds.inferConfig.file);
      const list = byBase.get(b);
      if (list) list.push(e.ds.inferConfig);
      else byBase.set(b, [e.ds.inferConfig]);
    }
    if (e.ds) refs.push(...e.ds.refs);
  }
  const entries = new Map<string, GieEntry>();
  const add = (uid: number, config: InferConfigDecl | undefined, configFile: string | undefined, ref?: InferConfigRef): void => {
    const k = `${uid}\u0000${configFile ?? ''}`;
    let g = entries.get(k);
    if (!g) {
      g = { uid, configFile, config, references: [] };
      if (config && config.uid === uid) {
        g.file = config.file;
        g.range = config.range;
      }
      entries.set(k, g);
    }
    if (ref) {
      g.references.push(ref);
      if (ref.uidOverride !== undefined && ref.uidRange) {
        g.file = ref.file;
        g.range = ref.uidRange;
      }
    }
  };
  const referenced = new Set<string>();
  for (const r of refs) {
    // The exact path, else a unique config of the same file name (launch lines run elsewhere).
    let cfg = configs.get(r.configPath);
    if (!cfg) {
      const same = byBase.get(basename(r.configPath)) ?? [];
      if (same.length === 1) cfg = same[0];
    }
    const uid = r.uidOverride ?? cfg?.uid;
    if (uid === undefined) continue;
    if (cfg) referenced.add(cfg.file);
    add(uid, cfg, cfg?.file ?? r.configPath, r);
  }
  for (const c of configs.values()) {
    // A config nobody in the workspace references still declares its id (the launch line may live
    // outside the workspace). Referenced configs are listed under the id they run with.
    if (!referenced.has(c.file)) add(c.uid, c, c.file);
  }
  const out = new Map<number, GieEntry[]>();
  for (const g of entries.values()) {
    const list = out.get(g.uid);
    if (list) list.push(g);
    else out.set(g.uid, [g]);
  }
  for (const list of out.values()) list.sort((a, b) => b.references.length - a.references.length || cmp(a.configFile ?? '', b.configFile ?? ''));
  return out;
}
