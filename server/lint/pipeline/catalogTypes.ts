// Shapes of the element catalog data (server/lint/pipeline/data/*.json): what an element is,
// its pads and its properties. Pure data; catalog.ts answers queries over it.
import type { TargetPlatform } from '../diagnostic';

export type PropertyType =
  | 'boolean'
  | 'int'
  | 'uint'
  | 'int64'
  | 'uint64'
  | 'long'
  | 'ulong'
  | 'float'
  | 'double'
  | 'string'
  | 'enum'
  | 'flags'
  | 'caps'
  | 'object'
  | 'boxed'
  | 'pointer'
  | 'fraction'
  | 'other';

export interface EnumValueInfo {
  value: number;
  /** The name used in launch lines (`nick`), e.g. `Jetson-VIC`... or the number as text. */
  nick: string;
  description: string;
}

export interface PropertyInfo {
  name: string;
  type: PropertyType;
  /** One-line meaning (the GObject blurb). */
  blurb: string;
  /** Default as text (`true`, `4`, `"nvbuf-mem-default"`), when known. */
  default?: string;
  minimum?: number;
  maximum?: number;
  /** Enum or flags values. */
  values?: EnumValueInfo[];
  writable: boolean;
  /** Only meaningful on these platforms (e.g. VIC `compute-hw` on Jetson). */
  platforms?: TargetPlatform[];
  /** Deprecated or no-op property, with the reason. */
  deprecated?: string;
}

export type PadDirection = 'src' | 'sink';
export type PadPresence = 'always' | 'sometimes' | 'request';

export interface PadTemplateInfo {
  /** Template name, e.g. `sink_%u`, `src`, `video_%u`. */
  name: string;
  direction: PadDirection;
  presence: PadPresence;
  /** Caps of the template as gst-inspect prints them (one structure per line joined by `; `). */
  caps: string;
  /** Memory types the pad carries: `NVMM` (memory:NVMM feature), `system` (plain caps), `any`. */
  memory: ('NVMM' | 'system' | 'any')[];
}

export interface ElementInfo {
  factory: string;
  /** Plugin name (`nvdsgst_infer`, `coreelements`). */
  plugin: string;
  /** Element class (`Source/Video`, `Filter/Converter/Video/Scaler`). */
  klass: string;
  description: string;
  /** Where the facts come from. */
  origin: 'deepstream' | 'upstream';
  /** The source file or tool output the entry was derived from. */
  source: string;
  pads: PadTemplateInfo[];
  properties: PropertyInfo[];
  /** Only available on these platforms (e.g. nvegltransform is Jetson-only). */
  platforms?: TargetPlatform[];
  /** The element is a bin that creates its own children (pads appear as sometimes pads). */
  isBin?: boolean;
  /** Free-form notes shown on hover (e.g. "new nvstreammux when USE_NEW_NVSTREAMMUX=yes"). */
  notes?: string;
}

export interface CatalogFile {
  /** What the file covers and where it came from. */
  origin: 'deepstream' | 'upstream';
  /** DeepStream version (deepstream part) or GStreamer version (upstream part). */
  version: string;
  generatedFrom: string;
  elements: ElementInfo[];
}

/** The upstream file stores each distinct property once; elements refer to it by index. */
export interface CompactCatalogFile {
  origin: 'upstream';
  version: string;
  generatedFrom: string;
  propertyTable: PropertyInfo[];
  elements: (Omit<ElementInfo, 'properties'> & { properties: number[] })[];
}
