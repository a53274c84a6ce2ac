// What the workspace index knows about one NVTX annotation in the source: where it is, the name
// it gives its range (literal or template), and its domain. Positions are 0-based lines and
// UTF-16 columns (LSP style, as in server/lint/diagnostic.ts).
import type { NameTemplate } from './nameTemplate';

/** Where a domain comes from. */
export type DomainSpec =
  /** The default (global) domain: nsys shows an empty domain. `aliases` are other names the
   *  tool may report for it (the Python `nvtx` package calls its default domain "NVTX"). */
  | { kind: 'default'; aliases?: string[] }
  | { kind: 'named'; name: NameTemplate }
  /** A domain we could not follow (a handle passed in from elsewhere). */
  | { kind: 'unknown'; expression: string };

export type CallSiteKind =
  | 'push' // push/pop ranges (nvtxRangePush*, range_push, push_range)
  | 'start' // start/end ranges (nvtxRangeStart*, start_range, range_start)
  | 'scoped' // RAII / context-manager / decorator ranges (nvtx3::scoped_range, nvtx.annotate, NVTX3_FUNC_RANGE)
  | 'mark'; // instantaneous marks

/** How the name was obtained. */
export type NameSource =
  | 'literal' // a string literal at the call (or the literal a variable was assigned)
  | 'template' // a format string / concatenation with run-time holes
  | 'function-name' // @nvtx.annotate() / NVTX3_FUNC_RANGE(): the enclosing function's name
  | 'registered'; // a string registered with nvtxDomainRegisterString* / registered_string_in

export interface SourcePoint {
  line: number;
  column: number;
}

export interface NvtxCallSite {
  /** Absolute path of the file (as given to the index). */
  file: string;
  language: 'python' | 'c';
  /** The API used, e.g. `nvtxRangePushA`, `nvtx.annotate`, `torch.cuda.nvtx.range_push`. */
  api: string;
  kind: CallSiteKind;
  nameSource: NameSource;
  name: NameTemplate;
  domain: DomainSpec;
  /** Where the name's text is (the literal, or the call when the name is the function's). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The NVTX call itself when it is elsewhere (event attributes, registered strings, snprintf). */
  call?: SourcePoint;
  /** The innermost enclosing function (unqualified), when known. */
  enclosingFunction?: string;
}

/** Calls made inside one function: lets the resolver rank equal literals by their surroundings. */
export interface FunctionInfo {
  name: string;
  /** 0-based line of the definition. */
  line: number;
  endLine: number;
  /** Names of the functions it calls (last segment: `a.b.c()` → `c`). */
  calls: string[];
}

/** Everything the NVTX scanners extract from one source file. */
export interface NvtxFileScan {
  sites: NvtxCallSite[];
  functions: FunctionInfo[];
  /** Problems the scanner met (unterminated strings, ...): reported, never thrown. */
  problems: { line: number; column: number; message: string }[];
}
