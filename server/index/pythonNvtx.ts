// NVTX call sites in Python source: `torch.cuda.nvtx` (range_push, range_start, range, mark) and
// the `nvtx` package (annotate as decorator or context manager, push_range, start_range, mark),
// under any import alias, with names given as literals, f-strings, `%` / `.format` templates,
// concatenations or variables assigned one of those in the same function.
import type { DomainSpec, FunctionInfo, NvtxCallSite, NvtxFileScan, CallSiteKind, NameSource } from './callSite';
import { lexPython, unescapePython, type PyToken } from './pythonLexer';
import {
  anyTemplate,
  concatTemplates,
  hasHoles,
  literalTemplate,
  printfTemplate,
  pythonFormatTemplate,
  type NameTemplate,
} from './nameTemplate';

type NvtxModuleKind = 'torch' | 'nvtx';

interface ApiSpec {
  kind: CallSiteKind;
  /** Keyword name of the message parameter. */
  messageKeyword: string;
  /** Positional `*args` are formatted into the message with str.format (torch.cuda.nvtx.range). */
  formatsArgs?: boolean;
  hasDomainKeyword: boolean;
}

const torchApis: Record<string, ApiSpec> = {
  range_push: { kind: 'push', messageKeyword: 'msg', hasDomainKeyword: false },
  range_start: { kind: 'start', messageKeyword: 'msg', hasDomainKeyword: false },
  range: { kind: 'scoped', messageKeyword: 'msg', formatsArgs: true, hasDomainKeyword: false },
  mark: { kind: 'mark', messageKeyword: 'msg', hasDomainKeyword: false },
};

const nvtxPackageApis: Record<string, ApiSpec> = {
  annotate: { kind: 'scoped', messageKeyword: 'message', hasDomainKeyword: true },
  push_range: { kind: 'push', messageKeyword: 'message', hasDomainKeyword: true },
  start_range: { kind: 'start', messageKeyword: 'message', hasDomainKeyword: true },
  mark: { kind: 'mark', messageKeyword: 'message', hasDomainKeyword: true },
};

function apiFor(moduleKind: NvtxModuleKind | undefined, fn: string): { spec: ApiSpec; module: NvtxModuleKind } | undefined {
  if (moduleKind === 'torch') return torchApis[fn] ? { spec: torchApis[fn], module: 'torch' } : undefined;
  if (moduleKind === 'nvtx') return nvtxPackageApis[fn] ? { spec: nvtxPackageApis[fn], module: 'nvtx' } : undefined;
  if (torchApis[fn] && !nvtxPackageApis[fn]) return { spec: torchApis[fn], module: 'torch' };
  if (nvtxPackageApis[fn]) return { spec: nvtxPackageApis[fn], module: 'nvtx' };
  return undefined;
}

/** Default domain of each module: torch.cuda.nvtx uses the global domain; the nvtx package
 *  names its default domain "NVTX" (nvidia.github.io/NVTX/python/reference.html). */
function defaultDomain(module: NvtxModuleKind): DomainSpec {
  return module === 'torch' ? { kind: 'default' } : { kind: 'default', aliases: ['NVTX'] };
}

function moduleKindOfPath(path: string): NvtxModuleKind | undefined {
  if (/(^|\.)torch\.cuda\.nvtx$/.test(path)) return 'torch';
  if (path === 'nvtx' || /(^|\.)nvtx$/.test(path)) return path.includes('torch') ? 'torch' : 'nvtx';
  return undefined;
}

interface Arg {
  keyword?: string;
  tokens: PyToken[];
}

interface Assignment {
  name: string;
  scope: number;
  line: number;
  tokens: PyToken[];
}

interface Scope {
  id: number;
  name: string;
  indent: number;
  line: number;
  calls: Set<string>;
}

interface NameExpr {
  template: NameTemplate;
  /** Token whose position the site reports (the string literal that carries the name). */
  anchor: PyToken;
  anchorEnd: PyToken;
}

export function scanPythonNvtx(file: string, text: string): NvtxFileScan {
  const { tokens, problems } = lexPython(text);
  const sites: NvtxCallSite[] = [];
  const functions: FunctionInfo[] = [];
  const moduleAliases = new Map<string, NvtxModuleKind>();
  const functionAliases = new Map<string, { fn: string; module: NvtxModuleKind }>();
  const assignments: Assignment[] = [];
  const scopes: Scope[] = [];
  const scopeOfToken: number[] = new Array(tokens.length).fill(-1);
  let nextScopeId = 0;
  const scopeNames = new Map<number, string>();

  const closeScope = (s: Scope, endLine: number): void => {
    functions.push({ name: s.name, line: s.line, endLine, calls: [...s.calls] });
  };

  // Pass 1: scopes, imports, assignments, calls per function.
  let prevLine = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.lineStart) {
      while (scopes.length && scopes[scopes.length - 1].indent >= t.indent) closeScope(scopes.pop()!, prevLine);
      const kw = t.text === 'async' && tokens[k + 1]?.text === 'def' ? k + 1 : k;
      if (t.type === 'name' && tokens[kw].text === 'def' && tokens[kw + 1]?.type === 'name') {
        scopeNames.set(nextScopeId, tokens[kw + 1].text);
        scopes.push({ id: nextScopeId++, name: tokens[kw + 1].text, indent: t.indent, line: t.line, calls: new Set() });
      }
      if (t.type === 'name' && (t.text === 'import' || t.text === 'from')) readImport(k);
      if (t.type === 'name' && tokens[k + 1]?.text === '=' && tokens[k + 1].depth === 0) {
        const end = logicalLineEnd(k);
        assignments.push({ name: t.text, scope: scopes.length ? scopes[scopes.length - 1].id : -1, line: t.line, tokens: tokens.slice(k + 2, end) });
      }
    }
    scopeOfToken[k] = scopes.length ? scopes[scopes.length - 1].id : -1;
    if (t.type === 'name' && tokens[k + 1]?.text === '(' && scopes.length && tokens[k - 1]?.text !== 'def') {
      scopes[scopes.length - 1].calls.add(t.text);
    }
    prevLine = t.endLine;
  }
  while (scopes.length) closeScope(scopes.pop()!, prevLine);
  // Pass 2: NVTX calls and decorators.
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type !== 'name' || tokens[k - 1]?.text === '.') continue;
    const dotted = readDotted(k);
    const segments = dotted.segments;
    const fn = segments[segments.length - 1];
    const receiver = segments.slice(0, -1);
    let api: { spec: ApiSpec; module: NvtxModuleKind } | undefined;
    let apiName = segments.join('.');
    if (receiver.length === 0) {
      const alias = functionAliases.get(fn);
      if (alias) {
        api = apiFor(alias.module, alias.fn);
        apiName = `${alias.module === 'torch' ? 'torch.cuda.nvtx' : 'nvtx'}.${alias.fn}`;
      }
    } else {
      const head = receiver.join('.');
      const known = moduleAliases.get(head);
      if (known) api = apiFor(known, fn);
      else if (receiver[receiver.length - 1] === 'nvtx') api = apiFor(moduleKindOfPath(head), fn);
    }
    if (!api) {
      k = dotted.end - 1;
      continue;
    }
    const isDecorator = tokens[k - 1]?.text === '@' && tokens[k - 1].lineStart;
    const open = tokens[dotted.end];
    const scope = scopeOfToken[k];
    let args: Arg[] | undefined;
    if (open?.text === '(') args = readArgs(dotted.end);
    else if (!isDecorator) {
      k = dotted.end - 1;
      continue; // a reference, not a call (e.g. `f = nvtx.range_push`)
    }
    const messageArg = args?.find((a) => a.keyword === api.spec.messageKeyword) ?? (args && args[0] && !args[0].keyword ? args[0] : undefined);
    let domain: DomainSpec = defaultDomain(api.module);
    const domainArg = api.spec.hasDomainKeyword ? args?.find((a) => a.keyword === 'domain') : undefined;
    if (domainArg) {
      const d = nameExpr(domainArg.tokens, scope, t.line, 0);
      if (d) domain = { kind: 'named', name: d.template };
      else if (!(domainArg.tokens.length === 1 && domainArg.tokens[0].text === 'None')) domain = { kind: 'unknown', expression: domainArg.tokens.map((x) => x.text).join('') };
    }
    const enclosing = scope >= 0 ? scopeNames.get(scope) : undefined;
    if (messageArg && !(messageArg.tokens.length === 1 && messageArg.tokens[0].text === 'None')) {
      let expr = nameExpr(messageArg.tokens, scope, t.line, 0);
      if (expr && api.spec.formatsArgs && args && args.filter((a) => !a.keyword).length > 1 && !hasHoles(expr.template)) {
        const lit = expr.template.parts.map((p) => ('text' in p ? p.text : '')).join('');
        expr = { ...expr, template: pythonFormatTemplate(lit) };
      }
      if (expr) {
        sites.push(site(api, apiName, expr.template, hasHoles(expr.template) ? 'template' : 'literal', domain, expr.anchor, expr.anchorEnd, t, enclosing));
      }
    } else if (api.spec.kind === 'scoped' && api.module === 'nvtx' && isDecorator) {
      // @nvtx.annotate() / @nvtx.annotate: the message is the decorated function's name.
      const fnName = decoratedFunctionName(k);
      if (fnName) sites.push(site(api, apiName, literalTemplate(fnName.text), 'function-name', domain, t, tokens[dotted.end - 1], t, fnName.text));
    }
    k = dotted.end - 1;
  }

  return { sites, functions, problems };

  function site(
    api: { spec: ApiSpec; module: NvtxModuleKind },
    apiName: string,
    name: NameTemplate,
    nameSource: NameSource,
    domain: DomainSpec,
    anchor: PyToken,
    anchorEnd: PyToken,
    callTok: PyToken,
    enclosingFunction: string | undefined,
  ): NvtxCallSite {
    const s: NvtxCallSite = {
      file,
      language: 'python',
      api: apiName,
      kind: api.spec.kind,
      nameSource,
      name,
      domain,
      line: anchor.line,
      column: anchor.column,
      endLine: anchorEnd.endLine,
      endColumn: anchorEnd.endColumn,
      enclosingFunction,
    };
    if (anchor.line !== callTok.line) s.call = { line: callTok.line, column: callTok.column };
    return s;
  }

  function readDotted(k: number): { segments: string[]; end: number } {
    const segments = [tokens[k].text];
    let j = k + 1;
    while (tokens[j]?.text === '.' && tokens[j + 1]?.type === 'name') {
      segments.push(tokens[j + 1].text);
      j += 2;
    }
    return { segments, end: j };
  }

  function logicalLineEnd(k: number): number {
    let j = k + 1;
    while (j < tokens.length && !tokens[j].lineStart) j++;
    return j;
  }

  function readImport(k: number): void {
    const end = logicalLineEnd(k);
    const toks = tokens.slice(k, end).filter((x) => x.text !== '(' && x.text !== ')');
    if (toks[0].text === 'import') {
      let j = 1;
      while (j < toks.length) {
        const path: string[] = [];
        while (j < toks.length && toks[j].type === 'name' && toks[j].text !== 'as') {
          path.push(toks[j].text);
          j++;
          if (toks[j]?.text === '.') j++;
          else break;
        }
        let alias: string | undefined;
        if (toks[j]?.text === 'as') {
          alias = toks[j + 1]?.text;
          j += 2;
        }
        const dotted = path.join('.');
        const kind = moduleKindOfPath(dotted);
        if (kind) moduleAliases.set(alias ?? dotted, kind);
        if (toks[j]?.text === ',') j++;
        else break;
      }
      return;
    }
    // from M import a [as b], c
    let j = 1;
    const path: string[] = [];
    while (j < toks.length && toks[j].text !== 'import') {
      if (toks[j].type === 'name') path.push(toks[j].text);
      j++;
    }
    const mod = path.join('.');
    j++;
    while (j < toks.length) {
      const name = toks[j]?.text;
      if (!name || toks[j].type !== 'name') break;
      let alias = name;
      j++;
      if (toks[j]?.text === 'as') {
        alias = toks[j + 1]?.text ?? name;
        j += 2;
      }
      const asModule = moduleKindOfPath(`${mod}.${name}`);
      const fromModule = moduleKindOfPath(mod);
      if (name === 'nvtx' && asModule) moduleAliases.set(alias, asModule);
      else if (fromModule && apiFor(fromModule, name)) functionAliases.set(alias, { fn: name, module: fromModule });
      if (toks[j]?.text === ',') j++;
      else break;
    }
  }

  /** Arguments of the call whose `(` is at index `open`. */
  function readArgs(open: number): Arg[] {
    const args: Arg[] = [];
    const baseDepth = tokens[open].depth + 1;
    let cur: PyToken[] = [];
    let j = open + 1;
    for (; j < tokens.length; j++) {
      const x = tokens[j];
      if (x.depth === baseDepth && x.text === ')') break;
      if (x.depth < baseDepth) break;
      if (x.depth === baseDepth && x.text === ',') {
        if (cur.length) args.push(toArg(cur));
        cur = [];
        continue;
      }
      cur.push(x);
    }
    if (cur.length) args.push(toArg(cur));
    return args;
  }

  function toArg(toks: PyToken[]): Arg {
    if (toks.length >= 2 && toks[0].type === 'name' && toks[1].text === '=') return { keyword: toks[0].text, tokens: toks.slice(2) };
    return { tokens: toks };
  }

  function decoratedFunctionName(k: number): PyToken | undefined {
    for (let j = k + 1; j < tokens.length; j++) {
      const x = tokens[j];
      if (!x.lineStart) continue;
      if (x.text === '@') continue;
      const d = x.text === 'async' ? j + 1 : j;
      if (tokens[d]?.text === 'def' && tokens[d + 1]?.type === 'name') return tokens[d + 1];
      return undefined;
    }
    return undefined;
  }

  function stringTemplate(s: PyToken): NameTemplate {
    const prefix = s.prefix ?? '';
    const raw = prefix.includes('r');
    if (prefix.includes('f') || prefix.includes('t')) return pythonFormatTemplate(s.body ?? '', (x) => unescapePython(x, raw));
    return literalTemplate(unescapePython(s.body ?? '', raw));
  }

  /** The name an expression evaluates to, as a template, or undefined when it cannot be told. */
  function nameExpr(toks: PyToken[], scope: number, line: number, depthOfLookup: number): NameExpr | undefined {
    // Strip parentheses around the whole expression (a `)` token carries the depth inside it).
    while (toks.length >= 2 && toks[0].text === '(' && toks[toks.length - 1].text === ')' && toks.slice(1, -1).every((x) => x.depth > toks[0].depth)) toks = toks.slice(1, -1);
    if (toks.length === 0) return undefined;
    const base = toks[0].depth;
    // Implicitly concatenated string literals, optionally followed by `% args` or `.format(...)`.
    let j = 0;
    while (j < toks.length && toks[j].type === 'string') j++;
    if (j > 0) {
      const strs = toks.slice(0, j);
      const isF = strs.some((s) => (s.prefix ?? '').includes('f'));
      const tmpl = concatTemplates(strs.map(stringTemplate));
      const anchor = strs[0];
      const anchorEnd = strs[strs.length - 1];
      if (j === toks.length) return { template: tmpl, anchor, anchorEnd };
      const rest = toks[j];
      if (rest.text === '%' && !isF && !hasHoles(tmpl)) return { template: printfTemplate(literalOf(tmpl)), anchor, anchorEnd };
      if (rest.text === '.' && toks[j + 1]?.text === 'format' && toks[j + 2]?.text === '(' && !isF && !hasHoles(tmpl)) {
        return { template: pythonFormatTemplate(literalOf(tmpl)), anchor, anchorEnd };
      }
    }
    // Concatenation with `+` at the top level.
    const operands: PyToken[][] = [];
    let cur: PyToken[] = [];
    for (const x of toks) {
      if (x.depth === base && x.text === '+') {
        operands.push(cur);
        cur = [];
      } else cur.push(x);
    }
    operands.push(cur);
    if (operands.length > 1) {
      const parts: NameTemplate[] = [];
      let anchor: PyToken | undefined;
      let anchorEnd: PyToken | undefined;
      for (const op of operands) {
        const e = op.length ? nameExpr(op, scope, line, depthOfLookup) : undefined;
        if (e && op.some((x) => x.type === 'string' || x.type === 'name')) {
          parts.push(e.template);
          anchor ??= e.anchor;
          anchorEnd = e.anchorEnd;
        } else parts.push(anyTemplate());
      }
      if (!anchor || !anchorEnd) return undefined;
      return { template: concatTemplates(parts), anchor, anchorEnd };
    }
    // A variable assigned a name earlier in the same function.
    if (toks.length === 1 && toks[0].type === 'name' && depthOfLookup < 3) {
      const name = toks[0].text;
      let best: Assignment | undefined;
      for (const a of assignments) {
        if (a.name !== name || a.line >= line) continue;
        if (a.scope !== scope && a.scope !== -1) continue;
        if (!best || a.line > best.line || (best.scope === -1 && a.scope === scope)) best = a;
      }
      if (best) return nameExpr(best.tokens, best.scope, best.line, depthOfLookup + 1);
    }
    return undefined;
  }
}

function literalOf(t: NameTemplate): string {
  return t.parts.map((p) => ('text' in p ? p.text : '')).join('');
}
