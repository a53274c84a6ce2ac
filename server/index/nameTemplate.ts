// NVTX range names as the source writes them: a literal ("decode"), or a template with holes
// where run-time values go (f"frame {i}", "%s_(Frame=%u)", "batch_num=" + std::to_string(n)).
// A template matches the names a trace reports (`frame 12`); literals match exactly.

/** What a hole can stand for; decides how strictly a trace name must match. */
export type HoleKind = 'int' | 'hex' | 'float' | 'char' | 'any';

export type TemplatePart = { text: string } | { hole: HoleKind };

export interface NameTemplate {
  parts: TemplatePart[];
}

export function literalTemplate(text: string): NameTemplate {
  return { parts: [{ text }] };
}

export function anyTemplate(): NameTemplate {
  return { parts: [{ hole: 'any' }] };
}

/** Joins adjacent literal parts; drops empty ones. */
export function normalizeTemplate(parts: TemplatePart[]): NameTemplate {
  const out: TemplatePart[] = [];
  for (const p of parts) {
    if ('text' in p) {
      if (p.text === '') continue;
      const last = out[out.length - 1];
      if (last && 'text' in last) out[out.length - 1] = { text: last.text + p.text };
      else out.push({ text: p.text });
    } else out.push({ hole: p.hole });
  }
  return { parts: out };
}

export function concatTemplates(items: NameTemplate[]): NameTemplate {
  return normalizeTemplate(items.flatMap((t) => t.parts));
}

/** The literal text when the template has no holes. */
export function templateLiteral(t: NameTemplate): string | undefined {
  if (t.parts.length === 0) return '';
  if (t.parts.length === 1 && 'text' in t.parts[0]) return t.parts[0].text;
  return undefined;
}

export function hasHoles(t: NameTemplate): boolean {
  return t.parts.some((p) => 'hole' in p);
}

/** Characters of literal text: the more, the more specific the template. */
export function templateSpecificity(t: NameTemplate): number {
  let n = 0;
  for (const p of t.parts) if ('text' in p) n += p.text.length;
  return n;
}

/** Human-readable form: `frame {int}`. */
export function formatTemplate(t: NameTemplate): string {
  return t.parts.map((p) => ('text' in p ? p.text : `{${p.hole}}`)).join('');
}

const holeRegex: Record<HoleKind, string> = {
  int: '[-+]?\\d+',
  hex: '(?:0[xX])?[0-9a-fA-F]+',
  float: '[-+]?(?:\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|\\.\\d+(?:[eE][-+]?\\d+)?|inf|nan|infinity)',
  char: '[\\s\\S]',
  any: '[\\s\\S]*?',
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const compiled = new WeakMap<NameTemplate, RegExp>();

export function templateRegExp(t: NameTemplate): RegExp {
  let re = compiled.get(t);
  if (!re) {
    const body = t.parts.map((p) => ('text' in p ? escapeRegex(p.text) : holeRegex[p.hole])).join('');
    re = new RegExp(`^${body}$`);
    compiled.set(t, re);
  }
  return re;
}

export function templateMatches(t: NameTemplate, name: string): boolean {
  const lit = templateLiteral(t);
  if (lit !== undefined) return lit === name;
  // Quick rejects on the fixed prefix and suffix before running the regex.
  const first = t.parts[0];
  if ('text' in first && !name.startsWith(first.text)) return false;
  const last = t.parts[t.parts.length - 1];
  if ('text' in last && !name.endsWith(last.text)) return false;
  return templateRegExp(t).test(name);
}

/** The leading literal text (empty when the template starts with a hole). */
export function templatePrefix(t: NameTemplate): string {
  const first = t.parts[0];
  return first && 'text' in first ? first.text : '';
}

/**
 * A C printf format (`"%s_(Frame=%u)"`, `"frame %05d"`, `"%.2f ms"`) as a template. Also used for
 * Python `"..." % args`, which follows the same conversion syntax.
 */
export function printfTemplate(format: string): NameTemplate {
  const parts: TemplatePart[] = [];
  const re = /%(?:\([^)]*\))?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32|I)?([diouxXeEfFgGaAcspn%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(format))) {
    parts.push({ text: format.slice(last, m.index) });
    const conv = m[1];
    if (conv === '%') parts.push({ text: '%' });
    else if ('diu'.includes(conv)) parts.push({ hole: 'int' });
    else if (conv === 'o') parts.push({ hole: 'int' });
    else if ('xXp'.includes(conv)) parts.push({ hole: 'hex' });
    else if ('eEfFgGaA'.includes(conv)) parts.push({ hole: 'float' });
    else if (conv === 'c') parts.push({ hole: 'char' });
    else if (conv === 'n') parts.push({ text: '' });
    else parts.push({ hole: 'any' });
    last = re.lastIndex;
  }
  parts.push({ text: format.slice(last) });
  return normalizeTemplate(parts);
}

/** Hole kind of a Python format spec (`04d` → int, `.2f` → float, `` → any). */
function pythonSpecHole(spec: string): HoleKind {
  const type = spec.replace(/\{[^}]*\}/g, '').slice(-1);
  if ('dnbo'.includes(type) && type !== '') return 'int';
  if ('xX'.includes(type) && type !== '') return 'hex';
  if ('eEfFgG%'.includes(type) && type !== '') return 'float';
  if (type === 'c') return 'char';
  return 'any';
}

/**
 * A Python `str.format` / f-string body: `{expr}`, `{expr:spec}`, `{expr!r}` become holes; `{{`
 * and `}}` are literal braces. `literal` unescapes the text between fields (the caller passes the
 * string's own escape handling).
 */
export function pythonFormatTemplate(body: string, literal: (raw: string) => string = (s) => s): NameTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '{' && body[i + 1] === '{') {
      text += '{';
      i += 2;
      continue;
    }
    if (c === '}' && body[i + 1] === '}') {
      text += '}';
      i += 2;
      continue;
    }
    if (c === '{') {
      // Find the matching close brace, allowing nested braces in the spec ({x:{width}}) and
      // brackets/strings inside the expression.
      let depth = 1;
      let j = i + 1;
      let quote = '';
      while (j < body.length && depth > 0) {
        const d = body[j];
        if (quote) {
          if (d === quote) quote = '';
        } else if (d === '"' || d === "'") quote = d;
        else if (d === '{' || d === '[' || d === '(') depth++;
        else if (d === '}' || d === ']' || d === ')') depth--;
        j++;
      }
      const field = body.slice(i + 1, j - 1);
      parts.push({ text: literal(text) });
      text = '';
      const colon = topLevelColon(field);
      const spec = colon >= 0 ? field.slice(colon + 1) : '';
      parts.push({ hole: pythonSpecHole(spec) });
      i = j;
      continue;
    }
    text += c;
    i++;
  }
  parts.push({ text: literal(text) });
  return normalizeTemplate(parts);
}

function topLevelColon(field: string): number {
  let depth = 0;
  let quote = '';
  for (let k = 0; k < field.length; k++) {
    const c = field[k];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth--;
    else if (c === ':' && depth === 0) return k;
    else if (c === '!' && depth === 0 && field[k + 1] !== '=') {
      const colon = field.indexOf(':', k);
      return colon;
    }
  }
  return -1;
}
