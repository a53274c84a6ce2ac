// NVTX call sites in C, C++ and CUDA source: the C API (nvtxRangePushA/W/Ex, nvtxRangeStartA/W/Ex,
// nvtxMarkA/W/Ex, nvtxDomainRangePushEx/StartEx/MarkEx with event attributes whose message is an
// ASCII/Unicode string or a string registered with nvtxDomainRegisterStringA/W, domains from
// nvtxDomainCreateA/W) and the NVTX3 C++ API (scoped_range, scoped_range_in<D>, unique_range,
// start_range, mark, registered_string_in<D>, event_attributes, NVTX3_FUNC_RANGE[_IN]).
// Names built at run time (snprintf formats, `"a" + std::to_string(n)`) become templates.
import type { DomainSpec, FunctionInfo, NvtxCallSite, NvtxFileScan, CallSiteKind, NameSource } from './callSite';
import { lexC, type CToken } from './cLexer';
import { anyTemplate, concatTemplates, hasHoles, literalTemplate, printfTemplate, type NameTemplate } from './nameTemplate';

interface Valued {
  template: NameTemplate;
  anchor: CToken;
  anchorEnd: CToken;
  /** Index of the token where the value was assigned (for "latest before" lookups). */
  at: number;
  scope: number;
  source: NameSource;
}

interface DomainValue {
  spec: DomainSpec;
  at: number;
}

const cMessageCalls: Record<string, CallSiteKind> = {
  nvtxRangePushA: 'push',
  nvtxRangePushW: 'push',
  nvtxRangeStartA: 'start',
  nvtxRangeStartW: 'start',
  nvtxMarkA: 'mark',
  nvtxMarkW: 'mark',
};

const cAttributeCalls: Record<string, { kind: CallSiteKind; domainArg: boolean }> = {
  nvtxRangePushEx: { kind: 'push', domainArg: false },
  nvtxRangeStartEx: { kind: 'start', domainArg: false },
  nvtxMarkEx: { kind: 'mark', domainArg: false },
  nvtxDomainRangePushEx: { kind: 'push', domainArg: true },
  nvtxDomainRangeStartEx: { kind: 'start', domainArg: true },
  nvtxDomainMarkEx: { kind: 'mark', domainArg: true },
};

const nvtx3Ranges: Record<string, { kind: CallSiteKind; inDomain: boolean; isFunction: boolean }> = {
  scoped_range: { kind: 'scoped', inDomain: false, isFunction: false },
  scoped_range_in: { kind: 'scoped', inDomain: true, isFunction: false },
  thread_range: { kind: 'scoped', inDomain: false, isFunction: false },
  domain_thread_range: { kind: 'scoped', inDomain: true, isFunction: false },
  unique_range: { kind: 'start', inDomain: false, isFunction: false },
  unique_range_in: { kind: 'start', inDomain: true, isFunction: false },
  start_range: { kind: 'start', inDomain: false, isFunction: true },
  start_range_in: { kind: 'start', inDomain: true, isFunction: true },
  mark: { kind: 'mark', inDomain: false, isFunction: true },
  mark_in: { kind: 'mark', inDomain: true, isFunction: true },
};

const notFunctions = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'sizeof', 'alignof', 'decltype', 'defined', '__attribute__', 'static_assert']);
const trailingQualifiers = new Set(['const', 'noexcept', 'override', 'final', 'volatile', 'mutable', '&', '&&', 'try']);
const printfFunctions = new Set(['snprintf', 'sprintf', 'g_snprintf', 'g_sprintf', 'swprintf', 'sprintf_s', 'snprintf_s', '_snprintf', 'vsnprintf']);

export function scanCNvtx(file: string, text: string): NvtxFileScan {
  const { tokens, problems } = lexC(text);
  const n = tokens.length;
  const sites: NvtxCallSite[] = [];
  const functions: FunctionInfo[] = [];
  const scopeOf: number[] = new Array(n).fill(-1);
  const scopeNames: string[] = [];
  const match: number[] = new Array(n).fill(-1);
  const indexOfToken = new Map<CToken, number>(tokens.map((t, k) => [t, k]));
  const ix = (t: CToken | undefined): number => (t ? (indexOfToken.get(t) ?? -1) : -1);

  // Matching brackets.
  {
    const stack: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = tokens[k].text;
      if (tokens[k].type !== 'punct') continue;
      if (t === '(' || t === '[' || t === '{') stack.push(k);
      else if (t === ')' || t === ']' || t === '}') {
        // Pop to the matching opener (tolerates stray brackets in macros).
        const want = t === ')' ? '(' : t === ']' ? '[' : '{';
        let s = stack.length - 1;
        while (s >= 0 && tokens[stack[s]].text !== want) s--;
        if (s >= 0) {
          match[stack[s]] = k;
          match[k] = stack[s];
          stack.length = s;
        }
      }
    }
  }

  // Function scopes: a `{` after `name(...)` (with trailing qualifiers / an init list) opens one.
  {
    const stack: { scope: number; fn: FunctionInfo | undefined }[] = [];
    let current = -1;
    for (let k = 0; k < n; k++) {
      const t = tokens[k];
      if (t.type === 'punct' && t.text === '{') {
        const name = functionNameBefore(k);
        if (name !== undefined && current === -1) {
          const id = scopeNames.length;
          scopeNames.push(name);
          const info: FunctionInfo = { name, line: t.line, endLine: tokens[match[k]]?.line ?? t.line, calls: [] };
          functions.push(info);
          stack.push({ scope: current, fn: info });
          current = id;
        } else stack.push({ scope: current, fn: undefined });
      } else if (t.type === 'punct' && t.text === '}') {
        const top = stack.pop();
        if (top) current = top.scope;
      }
      scopeOf[k] = current;
      if (current >= 0 && t.type === 'ident' && tokens[k + 1]?.text === '(' && !notFunctions.has(t.text)) {
        const fn = functions[current];
        if (!fn.calls.includes(t.text)) fn.calls.push(t.text);
      }
    }
  }

  const stringVars = new Map<string, Valued[]>();
  const registered = new Map<string, Valued[]>();
  const attrMessages = new Map<string, Valued[]>();
  const domainVars = new Map<string, DomainValue[]>();
  const domainStructs = new Map<string, NameTemplate>();
  const usesNvtx3Namespace = tokens.some((t, k) => t.text === 'namespace' && tokens[k - 1]?.text === 'using' && tokens[k + 1]?.text === 'nvtx3');

  const add = <T extends { at: number }>(m: Map<string, T[]>, key: string, v: T): void => {
    const list = m.get(key);
    if (list) list.push(v);
    else m.set(key, [v]);
  };

  // Pass 1: values that names and domains come from.
  for (let k = 0; k < n; k++) {
    const t = tokens[k];
    if (t.type !== 'ident') continue;
    const next = tokens[k + 1];
    // struct D { static constexpr char const* name{"my_domain"}; }
    if ((t.text === 'struct' || t.text === 'class') && tokens[k + 1]?.type === 'ident' && tokens[k + 2]?.text === '{') {
      const close = match[k + 2];
      for (let j = k + 3; j < close; j++) {
        if (tokens[j].text === 'name' && (tokens[j + 1]?.text === '{' || tokens[j + 1]?.text === '=') && tokens[j + 2]?.type === 'string') {
          domainStructs.set(tokens[k + 1].text, literalTemplate(tokens[j + 2].value ?? ''));
          break;
        }
      }
      continue;
    }
    if ((t.text === 'nvtxDomainCreateA' || t.text === 'nvtxDomainCreateW' || t.text === 'nvtxDomainCreate') && next?.text === '(') {
      const target = assignedTarget(k);
      if (target) {
        const arg = splitArgs(k + 1)[0];
        const v = arg ? valueOf(arg, scopeOf[k], k) : undefined;
        add(domainVars, target, { spec: v ? { kind: 'named', name: v.template } : { kind: 'unknown', expression: arg ? joined(arg) : '' }, at: k });
      }
      continue;
    }
    if ((t.text === 'nvtxDomainRegisterStringA' || t.text === 'nvtxDomainRegisterStringW' || t.text === 'nvtxDomainRegisterString') && next?.text === '(') {
      const target = assignedTarget(k);
      const arg = splitArgs(k + 1)[1];
      const v = arg ? valueOf(arg, scopeOf[k], k) : undefined;
      if (target && v) add(registered, target, { ...v, at: k, scope: scopeOf[k], source: 'registered' });
      continue;
    }
    if (printfFunctions.has(t.text) && next?.text === '(' && tokens[k - 1]?.text !== '.') {
      const args = splitArgs(k + 1);
      const fmtIndex = args.findIndex((a) => a.length > 0 && a.every((x) => x.type === 'string'));
      if (fmtIndex >= 1) {
        const dest = args[0].filter((x) => x.type === 'ident').pop();
        const fmt = args[fmtIndex];
        if (dest) {
          add(stringVars, dest.text, {
            template: printfTemplate(fmt.map((x) => x.value ?? '').join('')),
            anchor: fmt[0],
            anchorEnd: fmt[fmt.length - 1],
            at: k,
            scope: scopeOf[k],
            source: 'template',
          });
        }
      }
      continue;
    }
    // A.message.ascii = EXPR; / A.message.registered = H;
    if (next?.text === '.' && tokens[k + 2]?.text === 'message' && tokens[k + 3]?.text === '.' && tokens[k + 5]?.text === '=') {
      const field = tokens[k + 4]?.text;
      if (field === 'ascii' || field === 'unicode' || field === 'registered') {
        const expr = untilSemicolon(k + 6);
        const v = valueOf(expr, scopeOf[k], k);
        if (v) add(attrMessages, t.text, { ...v, at: k, scope: scopeOf[k] });
      }
      continue;
    }
    // nvtx3::registered_string_in<D> [const] H{"x"} / nvtx3::event_attributes A{...}
    if ((t.text === 'registered_string_in' || t.text === 'registered_string' || t.text === 'event_attributes') && tokens[k - 1]?.text !== '.') {
      let j = k + 1;
      if (tokens[j]?.text === '<') j = skipAngle(j);
      while (tokens[j]?.text === 'const' || tokens[j]?.text === 'static') j++;
      const name = tokens[j];
      const open = tokens[j + 1];
      if (name?.type === 'ident' && (open?.text === '{' || open?.text === '(')) {
        const args = splitArgs(j + 1);
        const v = firstMessage(args, scopeOf[k], k);
        if (v) add(t.text === 'event_attributes' ? attrMessages : registered, name.text, { ...v, at: k, scope: scopeOf[k], source: t.text === 'event_attributes' ? v.source : 'registered' });
      }
      continue;
    }
    // X = EXPR; / type X = EXPR; / std::string X("..."); / std::string X{"..."};
    if (next?.text === '=' && tokens[k - 1]?.text !== '.' && tokens[k - 1]?.text !== '->' && !isComparison(k + 1)) {
      const expr = untilSemicolon(k + 2);
      if (expr.length && !isCallTo(expr, /^nvtxDomain(Create|RegisterString)/)) {
        const v = valueOf(expr, scopeOf[k], k);
        if (v) add(stringVars, t.text, { ...v, at: k, scope: scopeOf[k] });
        else {
          // Domain handles flowing through variables: A = B; A = B.release(); A = B.get();
          const src = expr.find((x) => x.type === 'ident');
          const dv = src ? latest(domainVars, src.text, k, scopeOf[k]) : undefined;
          if (dv && (expr.length === 1 || (expr.length === 5 && (expr[2].text === 'release' || expr[2].text === 'get')))) add(domainVars, t.text, { spec: dv.spec, at: k });
        }
      }
    } else if ((next?.text === '(' || next?.text === '{') && isDeclaratorAt(k)) {
      const args = splitArgs(k + 1);
      if (args.length >= 1) {
        const v = valueOf(args[0], scopeOf[k], k);
        if (v) add(stringVars, t.text, { ...v, at: k, scope: scopeOf[k] });
      }
    }
  }
  // Domain handles created through smart-pointer constructors: unique_ptr<...> p(nvtxDomainCreate(...), d)
  for (let k = 0; k < n; k++) {
    const t = tokens[k];
    if (!/^nvtxDomainCreate[AW]?$/.test(t.text) || tokens[k - 1]?.text !== '(') continue;
    const owner = tokens[k - 2];
    if (owner?.type === 'ident' && isDeclaratorAt(k - 2)) {
      const arg = splitArgs(k + 1)[0];
      const v = arg ? valueOf(arg, scopeOf[k], k) : undefined;
      add(domainVars, owner.text, { spec: v ? { kind: 'named', name: v.template } : { kind: 'unknown', expression: arg ? joined(arg) : '' }, at: k });
    }
  }
  // Second sweep for handle aliases that depend on the constructor form (A = B.release()).
  for (let k = 0; k < n; k++) {
    const t = tokens[k];
    if (t.type !== 'ident' || tokens[k + 1]?.text !== '=' || isComparison(k + 1)) continue;
    const expr = untilSemicolon(k + 2);
    const src = expr[0];
    if (src?.type !== 'ident' || latest(domainVars, t.text, k + 1, scopeOf[k])) continue;
    const dv = latest(domainVars, src.text, k, scopeOf[k]);
    if (dv && (expr.length === 1 || (expr.length === 5 && (expr[2].text === 'release' || expr[2].text === 'get')))) add(domainVars, t.text, { spec: dv.spec, at: k });
  }

  // Pass 2: the NVTX calls.
  for (let k = 0; k < n; k++) {
    const t = tokens[k];
    if (t.type !== 'ident') continue;
    const scope = scopeOf[k];
    const enclosing = scope >= 0 ? scopeNames[scope] : undefined;
    if (cMessageCalls[t.text] && tokens[k + 1]?.text === '(') {
      const arg = splitArgs(k + 1)[0];
      const v = arg ? valueOf(arg, scope, k) : undefined;
      if (v) sites.push(site(t.text, cMessageCalls[t.text], v, { kind: 'default' }, t, enclosing));
      continue;
    }
    if (cAttributeCalls[t.text] && tokens[k + 1]?.text === '(') {
      const spec = cAttributeCalls[t.text];
      const args = splitArgs(k + 1);
      const attrArg = args[spec.domainArg ? 1 : 0];
      const attrName = attrArg?.filter((x) => x.type === 'ident').pop();
      const v = attrName ? latest(attrMessages, attrName.text, k, scope) : undefined;
      const domain = spec.domainArg ? domainOf(args[0] ?? [], scope, k) : ({ kind: 'default' } as DomainSpec);
      if (v) sites.push(site(t.text, spec.kind, v, domain, t, enclosing));
      continue;
    }
    if ((t.text === 'NVTX3_FUNC_RANGE' || t.text === 'NVTX3_FUNC_RANGE_IN' || t.text === 'NVTX3_V1_FUNC_RANGE' || t.text === 'NVTX3_V1_FUNC_RANGE_IN') && tokens[k + 1]?.text === '(') {
      if (!enclosing) continue;
      const inDomain = t.text.endsWith('_IN');
      const domain: DomainSpec = inDomain ? structDomain(splitArgs(k + 1)[0] ?? []) : { kind: 'default' };
      const close = tokens[match[k + 1]] ?? t;
      sites.push(site(t.text, 'scoped', { template: literalTemplate(enclosing), anchor: t, anchorEnd: close, at: k, scope, source: 'function-name' }, domain, t, enclosing));
      continue;
    }
    const r = nvtx3Ranges[t.text];
    if (r && (tokens[k - 1]?.text === '::' ? tokens[k - 2]?.text === 'nvtx3' || tokens[k - 2]?.text === 'v1' : usesNvtx3Namespace && tokens[k - 1]?.text !== '.' && tokens[k - 1]?.text !== '->')) {
      let j = k + 1;
      let domain: DomainSpec = { kind: 'default' };
      if (r.inDomain && tokens[j]?.text === '<') {
        const end = skipAngle(j);
        domain = structDomain(tokens.slice(j + 1, end - 1));
        j = end;
      }
      if (!r.isFunction && tokens[j]?.type === 'ident') j++; // the variable's name
      if (tokens[j]?.text !== '{' && tokens[j]?.text !== '(') continue;
      const v = firstMessage(splitArgs(j), scope, k);
      const api = `nvtx3::${t.text}`;
      if (v) sites.push(site(api, r.kind, v, domain, t, enclosing));
    }
  }

  return { sites, functions, problems };

  function site(api: string, kind: CallSiteKind, v: Valued, domain: DomainSpec, callTok: CToken, enclosingFunction: string | undefined): NvtxCallSite {
    const s: NvtxCallSite = {
      file,
      language: 'c',
      api,
      kind,
      nameSource: v.source === 'literal' && hasHoles(v.template) ? 'template' : v.source,
      name: v.template,
      domain,
      line: v.anchor.line,
      column: v.anchor.column,
      endLine: v.anchorEnd.endLine,
      endColumn: v.anchorEnd.endColumn,
      enclosingFunction,
    };
    if (v.anchor.line !== callTok.line || v.anchor.column > callTok.column + 200) s.call = { line: callTok.line, column: callTok.column };
    return s;
  }

  function functionNameBefore(brace: number): string | undefined {
    let j = skipQualifiersBack(brace - 1);
    if (tokens[j]?.text !== ')' && tokens[j]?.text !== '}') {
      // `-> type {`: walk back to the arrow
      let a = j;
      while (a >= 0 && a > j - 8 && tokens[a].text !== '->' && tokens[a].text !== ';' && tokens[a].text !== '}' && tokens[a].text !== '{') a--;
      if (tokens[a]?.text !== '->') return undefined;
      j = skipQualifiersBack(a - 1);
    }
    // Constructor init lists: `) : a(x), b{y} {` — walk back item by item to the `)` before `:`.
    for (let guard = 0; guard < 64; guard++) {
      const close = tokens[j];
      if (close?.text !== ')' && close?.text !== '}') return undefined;
      const open = match[j];
      if (open < 1) return undefined;
      const name = tokens[open - 1];
      const before = tokens[open - 2];
      const initItem = name.type === 'ident' && (before?.text === ',' || (before?.text === ':' && (tokens[open - 3]?.text === ')' || trailingQualifiers.has(tokens[open - 3]?.text ?? ''))));
      if (initItem) {
        j = open - 2;
        if (tokens[j].text === ',') {
          j--;
          continue;
        }
        j = skipQualifiersBack(j - 1);
        continue;
      }
      if (close.text === '}') return undefined;
      if (name.type !== 'ident' || notFunctions.has(name.text)) {
        // `operator()(...)` and friends
        if (name.text === ')' && tokens[match[open - 1] - 1]?.text === 'operator') return 'operator()';
        return undefined;
      }
      return name.text;
    }
    return undefined;
  }

  function skipQualifiersBack(j: number): number {
    for (let guard = 0; guard < 16 && j >= 0; guard++) {
      const x = tokens[j];
      if (trailingQualifiers.has(x.text)) j--;
      else if (x.text === ')' && tokens[match[j] - 1]?.text === 'noexcept') j = match[j] - 2;
      else break;
    }
    return j;
  }

  function skipAngle(j: number): number {
    let depth = 0;
    for (; j < n; j++) {
      const x = tokens[j].text;
      if (x === '<') depth++;
      else if (x === '>') depth--;
      else if (x === '>>') depth -= 2;
      else if (x === ';' || x === '{') return j;
      if (depth <= 0) return j + 1;
    }
    return j;
  }

  /** Top-level comma-separated arguments of the group opened at `open`. */
  function splitArgs(open: number): CToken[][] {
    const close = match[open];
    if (close < 0) return [];
    const args: CToken[][] = [];
    let cur: CToken[] = [];
    for (let j = open + 1; j < close; j++) {
      const x = tokens[j];
      if (x.text === ',') {
        args.push(cur);
        cur = [];
        continue;
      }
      if ((x.text === '(' || x.text === '{' || x.text === '[') && match[j] > j) {
        cur.push(...tokens.slice(j, match[j] + 1));
        j = match[j];
        continue;
      }
      cur.push(x);
    }
    if (cur.length || args.length) args.push(cur);
    return args;
  }

  function untilSemicolon(j: number): CToken[] {
    const out: CToken[] = [];
    for (; j < n; j++) {
      const x = tokens[j];
      if (x.text === ';' || x.text === '}' || (x.text === ',' && out.length > 0)) break;
      if ((x.text === '(' || x.text === '{' || x.text === '[') && match[j] > j) {
        out.push(...tokens.slice(j, match[j] + 1));
        j = match[j];
        continue;
      }
      out.push(x);
    }
    return out;
  }

  function isComparison(eq: number): boolean {
    return tokens[eq]?.text !== '=';
  }

  /** `name(` or `name{` that declares a variable: preceded by a type (ident, `>`, `*`, `&`). */
  function isDeclaratorAt(k: number): boolean {
    const prev = tokens[k - 1];
    if (!prev) return false;
    if (prev.type === 'ident') return !['return', 'else', 'case', 'new', 'delete', 'throw', 'co_return', 'goto'].includes(prev.text);
    return prev.text === '>' || prev.text === '*' || prev.text === '&';
  }

  function isCallTo(expr: CToken[], re: RegExp): boolean {
    return expr.some((x) => x.type === 'ident' && re.test(x.text));
  }

  /** The variable a call's result is stored in: `X = call(...)` or `T X = call(...)`. */
  function assignedTarget(call: number): string | undefined {
    let j = call - 1;
    while (tokens[j]?.text === '(' || tokens[j]?.text === ')' || tokens[j]?.type === 'ident' && tokens[j - 1]?.text === '(' && tokens[j + 1]?.text === ')') j--;
    if (tokens[j]?.text === '=') {
      const lhs = tokens[j - 1];
      if (lhs?.type === 'ident') return lhs.text;
      if (lhs?.text === ']') return tokens[match[j - 1] - 1]?.text;
    }
    return undefined;
  }

  function latest<T extends { at: number; scope?: number }>(m: Map<string, T[]>, key: string, before: number, scope: number): T | undefined {
    const list = m.get(key);
    if (!list) return undefined;
    let best: T | undefined;
    for (const v of list) {
      if (v.at >= before) continue;
      const vs = v.scope ?? -1;
      if (vs !== scope && vs !== -1 && scope !== -1) continue;
      if (!best || v.at > best.at) best = v;
    }
    if (best) return best;
    // Members set in another function (e.g. a domain handle stored in a struct at init time).
    for (const v of list) if (!best || v.at > best.at) best = v;
    return best;
  }

  function joined(toks: CToken[]): string {
    return toks.map((x) => x.text).join('');
  }

  function structDomain(toks: CToken[]): DomainSpec {
    const name = toks.filter((x) => x.type === 'ident').pop();
    if (!name) return { kind: 'unknown', expression: joined(toks) };
    const d = domainStructs.get(name.text);
    return d ? { kind: 'named', name: d } : { kind: 'unknown', expression: joined(toks) };
  }

  function domainOf(toks: CToken[], scope: number, at: number): DomainSpec {
    const core = stripWrappers(toks);
    if (core.length === 1 && (core[0].text === 'NULL' || core[0].text === 'nullptr' || core[0].text === '0')) return { kind: 'default' };
    if (core[0] && /^nvtxDomainCreate[AW]?$/.test(core[0].text) && core[1]?.text === '(') {
      const v = valueOf(splitArgsOf(core, 1)[0] ?? [], scope, at);
      if (v) return { kind: 'named', name: v.template };
    }
    const id = core.filter((x) => x.type === 'ident').pop();
    const dv = id ? latest(domainVars, id.text, at, scope) : undefined;
    return dv ? dv.spec : { kind: 'unknown', expression: joined(toks) };
  }

  function splitArgsOf(toks: CToken[], openIdx: number): CToken[][] {
    const globalIndex = ix(toks[openIdx]);
    return globalIndex >= 0 ? splitArgs(globalIndex) : [];
  }

  /** Drops `&`, casts, parentheses and `.c_str()` / `.data()` around an expression. */
  function stripWrappers(toks: CToken[]): CToken[] {
    let t = toks;
    for (let guard = 0; guard < 8; guard++) {
      if (t[0]?.text === '&' || t[0]?.text === '*') t = t.slice(1);
      else if (t.length >= 2 && t[0].text === '(' && match[ix(t[0])] === ix(t[t.length - 1])) t = t.slice(1, -1);
      else if (t[0]?.text === '(' && isCast(t)) t = t.slice(ix(tokens[match[ix(t[0])]]) - ix(t[0]) + 1);
      else if (t.length >= 4 && t[t.length - 1].text === ')' && t[t.length - 2].text === '(' && (t[t.length - 3].text === 'c_str' || t[t.length - 3].text === 'data') && (t[t.length - 4].text === '.' || t[t.length - 4].text === '->')) t = t.slice(0, -4);
      else if (t[0]?.text === 'static_cast' || t[0]?.text === 'reinterpret_cast' || t[0]?.text === 'const_cast') {
        const open = t.findIndex((x) => x.text === '(');
        t = open > 0 ? t.slice(open + 1, -1) : t;
      } else break;
    }
    return t;
  }

  function isCast(t: CToken[]): boolean {
    const open = ix(t[0]);
    const close = match[open];
    if (close < 0 || close - open > 6) return false;
    const inner = tokens.slice(open + 1, close);
    return inner.length > 0 && inner.every((x) => x.type === 'ident' || x.text === '*' || x.text === '::' || x.text === '&') && inner.some((x) => x.text === '*' || /^(char|wchar_t|const)$/.test(x.text)) && close < ix(t[t.length - 1]);
  }

  /** The message an nvtx3 argument list carries: its first string, registered string or attributes. */
  function firstMessage(args: CToken[][], scope: number, at: number): Valued | undefined {
    for (const a of args) {
      const core = stripWrappers(a);
      if (core.length === 0) continue;
      // nvtx3::message{...} / nvtx3::event_attributes{...} / nvtx3::registered_string_in<D>{...}
      const inner = core.findIndex((x) => x.text === '{' || x.text === '(');
      if (inner > 0 && core.slice(0, inner).every((x) => x.type === 'ident' || x.text === '::' || x.text === '<' || x.text === '>') && /^(message|event_attributes|registered_string_in|registered_string)$/.test(core.slice(0, inner).filter((x) => x.type === 'ident' && !/^nvtx3|v1$/.test(x.text)).map((x) => x.text)[0] ?? '')) {
        const idx = ix(core[inner]);
        const v = firstMessage(splitArgs(idx), scope, at);
        if (v) return v;
        continue;
      }
      if (core.length === 1 && core[0].type === 'ident') {
        const reg = latest(registered, core[0].text, at, scope) ?? latest(attrMessages, core[0].text, at, scope);
        if (reg) return reg;
      }
      const v = valueOf(a, scope, at);
      if (v) return v;
    }
    return undefined;
  }

  /** The string an expression evaluates to, as a template, or undefined. */
  function valueOf(toks: CToken[], scope: number, at: number, depth = 0): Valued | undefined {
    const core = stripWrappers(toks);
    if (core.length === 0 || depth > 4) return undefined;
    if (core.every((x) => x.type === 'string')) {
      return { template: literalTemplate(core.map((x) => x.value ?? '').join('')), anchor: core[0], anchorEnd: core[core.length - 1], at, scope, source: 'literal' };
    }
    // std::string("...") / std::string{"..."}
    if (core.length >= 3 && (core[core.length - 1].text === ')' || core[core.length - 1].text === '}')) {
      const open = core.findIndex((x) => x.text === '(' || x.text === '{');
      const head = core.slice(0, open);
      if (open > 0 && head.every((x) => x.type === 'ident' || x.text === '::') && /^(string|wstring|basic_string)$/.test(head[head.length - 1].text)) {
        return valueOf(core.slice(open + 1, -1), scope, at, depth + 1);
      }
    }
    // Concatenation: "a" + std::to_string(n) + name
    const operands: CToken[][] = [[]];
    let d = 0;
    for (const x of core) {
      if (x.text === '(' || x.text === '{' || x.text === '[') d++;
      else if (x.text === ')' || x.text === '}' || x.text === ']') d--;
      if (x.text === '+' && d === 0) operands.push([]);
      else operands[operands.length - 1].push(x);
    }
    if (operands.length > 1) {
      const parts: NameTemplate[] = [];
      let anchor: CToken | undefined;
      let anchorEnd: CToken | undefined;
      for (const op of operands) {
        const v = valueOf(op, scope, at, depth + 1);
        if (v) {
          parts.push(v.template);
          anchor ??= v.anchor;
          anchorEnd = v.anchorEnd;
        } else parts.push(anyTemplate());
      }
      if (!anchor || !anchorEnd) return undefined;
      const template = concatTemplates(parts);
      return { template, anchor, anchorEnd, at, scope, source: hasHoles(template) ? 'template' : 'literal' };
    }
    if (core.length === 1 && core[0].type === 'ident') {
      const v = latest(stringVars, core[0].text, at, scope) ?? latest(registered, core[0].text, at, scope);
      if (v) return v;
    }
    return undefined;
  }
}
