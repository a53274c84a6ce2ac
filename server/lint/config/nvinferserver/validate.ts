// Checks a protobuf-text nvinferserver config against the field table of NVIDIA's .proto files the
// way TextFormat::ParseFromString does: unknown fields, values of the wrong kind (string, number,
// enum, message), enum names, integer ranges, list syntax on singular fields, fields given twice
// and two members of one oneof. Everything it reports makes gst-nvinferserver refuse the file,
// except where noted (unknown enum numbers, repeated default-valued scalars).
import { closest } from '../rules/didYouMean';
import type { PbField, PbMessage, PbScalar, PbValue } from './textFormat';
import { describeType, getEnum, getMessage, messagesWithField, shortName, type ProtoField } from './protoSchema';

export interface ProtoProblem {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  start: number;
  end: number;
  related?: { start: number; end: number; message: string };
  /** Replacement text for [start, end) (did-you-mean fixes). */
  replacement?: { title: string; text: string };
}

/** A message value whose type is known: what the rules walk. */
export interface TypedMessage {
  type: string;
  value: PbMessage;
}

const intRange: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

/** The value of an integer token (decimal, 0x hex, 0 octal), undefined for malformed octal. */
export function integerValue(s: PbScalar): bigint | undefined {
  const t = s.text;
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = BigInt(t);
  else if (/^0[0-7]+$/.test(t)) v = BigInt(`0o${t.slice(1)}`);
  else if (/^(0|[1-9][0-9]*)$/.test(t)) v = BigInt(t);
  else return undefined;
  return s.negative ? -v : v;
}

const floatWords = /^(inf|infinity|nan)$/i;
const boolWords = new Set(['true', 'True', 't', 'false', 'False', 'f']);

function tokenWords(s: PbScalar): string {
  if (s.token === 'string') return `the string ${s.text.length > 40 ? `${s.text.slice(0, 40)}…` : s.text}`;
  if (s.token === 'identifier') return `"${s.negative ? '-' : ''}${s.text}"`;
  return `${s.negative ? '-' : ''}${s.text}`;
}

/** True when a scalar holds the proto3 default of its field (protobuf then does not count it as set). */
function isDefault(f: ProtoField, v: PbValue | undefined): boolean {
  if (!v || v.kind !== 'scalar') return false;
  if (v.token === 'string') return v.decoded === '';
  if (v.token === 'identifier') {
    if (f.kind === 'enum') return getEnum(f.type)?.byName.get(v.text) === 0;
    return v.text === 'false' || v.text === 'False' || v.text === 'f';
  }
  if (v.token === 'integer') return integerValue(v) === 0n;
  return Number(v.text.replace(/[fF]$/, '')) === 0;
}

export class ProtoValidator {
  readonly problems: ProtoProblem[] = [];
  /** Every message value reached, with its type (parents before children). */
  readonly messages: TypedMessage[] = [];

  checkMessage(type: string, value: PbMessage): void {
    const msg = getMessage(type);
    if (!msg) return;
    this.messages.push({ type, value });
    const seen = new Map<string, PbField>();
    const oneofs = new Map<string, PbField>();
    for (const field of value.fields) {
      const fd = msg.fields.get(field.name);
      if (!fd) {
        this.unknownField(type, field);
        continue;
      }
      const prev = seen.get(field.name);
      if (prev && !fd.repeated) {
        const harmless = fd.kind !== 'message' && !fd.oneof && isDefault(fd, prev.values[prev.values.length - 1]);
        this.problems.push({
          code: 'config/inferserver-duplicate-field',
          severity: harmless ? 'warning' : 'error',
          message: harmless
            ? `"${field.name}" is given twice in ${shortName(type)}; the earlier value is the default, so protobuf accepts the file and this one wins.`
            : `Non-repeated field "${field.name}" is specified multiple times in ${shortName(type)}: protobuf refuses the file.`,
          start: field.nameStart,
          end: field.nameEnd,
          related: { start: prev.nameStart, end: prev.nameEnd, message: 'first occurrence' },
        });
      } else if (fd.oneof) {
        const other = oneofs.get(fd.oneof);
        if (other && other.name !== field.name) {
          this.problems.push({
            code: 'config/inferserver-duplicate-field',
            severity: 'error',
            message: `Field "${field.name}" is specified along with field "${other.name}", another member of oneof "${fd.oneof}" in ${shortName(type)}: only one of them may be set, protobuf refuses the file.`,
            start: field.nameStart,
            end: field.nameEnd,
            related: { start: other.nameStart, end: other.nameEnd, message: `"${other.name}" is set here` },
          });
        }
      }
      if (!prev) seen.set(field.name, field);
      if (fd.oneof && !oneofs.has(fd.oneof)) oneofs.set(fd.oneof, field);
      this.checkField(type, fd, field);
    }
  }

  private unknownField(type: string, field: PbField): void {
    const msg = getMessage(type)!;
    const guess = closest(field.name, [...msg.fields.keys()]);
    const owners = messagesWithField(field.name).map(shortName);
    const elsewhere = !guess && owners.length ? ` "${field.name}" is a field of ${owners.slice(0, 3).join(', ')}; is it in the wrong block?` : '';
    this.problems.push({
      code: 'config/inferserver-unknown-field',
      severity: 'error',
      message: `Message type "${shortName(type)}" has no field named "${field.name}": protobuf refuses the file.${guess ? ` Did you mean "${guess}"?` : ''}${elsewhere}`,
      start: field.nameStart,
      end: field.nameEnd,
      replacement: guess ? { title: `Change to "${guess}"`, text: guess } : undefined,
    });
  }

  private checkField(type: string, fd: ProtoField, field: PbField): void {
    if (field.list && !fd.repeated) {
      this.wrongType(field.list.start, field.list.end, `"${field.name}" in ${shortName(type)} is not repeated: list syntax [ ... ] is refused; write one value.`);
      return;
    }
    for (const v of field.values) {
      if (fd.kind === 'message' || fd.kind === 'map') {
        if (v.kind !== 'message') {
          this.wrongType(v.start, v.end, `"${field.name}" is ${describeType(fd)}, not ${tokenWords(v)}: expected "{".`);
          continue;
        }
        if (fd.kind === 'message') this.checkMessage(fd.type, v);
        else this.checkMapEntry(fd, v);
        continue;
      }
      if (v.kind === 'message') {
        this.wrongType(v.start, Math.min(v.end, v.start + 1), `"${field.name}" is ${describeType(fd)}, not a message: write "${field.name}: value".`);
        continue;
      }
      if (!field.colon) {
        this.problems.push({ code: 'config/inferserver-syntax', severity: 'error', message: `Expected ":" after "${field.name}" (a scalar field needs "${field.name}: value").`, start: field.nameStart, end: field.nameEnd });
      }
      this.checkScalar(field.name, fd.kind === 'enum' ? { kind: 'enum', type: fd.type } : { kind: 'scalar', type: fd.type }, v, fd);
    }
  }

  private checkMapEntry(fd: ProtoField, v: PbMessage): void {
    for (const f of v.fields) {
      if (f.name !== 'key' && f.name !== 'value') {
        this.problems.push({ code: 'config/inferserver-unknown-field', severity: 'error', message: `A map entry of "${fd.name}" has only "key" and "value", not "${f.name}".`, start: f.nameStart, end: f.nameEnd });
        continue;
      }
      const isKey = f.name === 'key';
      const kind = isKey ? 'scalar' : (fd.mapValueKind ?? 'scalar');
      const t = (isKey ? fd.mapKey : fd.mapValue) ?? 'string';
      for (const x of f.values) {
        if (kind === 'message') {
          if (x.kind !== 'message') this.wrongType(x.start, x.end, `The value of a "${fd.name}" entry is a message ${shortName(t)} { ... }.`);
          else this.checkMessage(t, x);
        } else if (x.kind === 'message') this.wrongType(x.start, x.start + 1, `The ${f.name} of a "${fd.name}" entry is a ${t}, not a message.`);
        else this.checkScalar(`${fd.name}.${f.name}`, { kind: kind === 'enum' ? 'enum' : 'scalar', type: t }, x);
      }
    }
  }

  private checkScalar(name: string, t: { kind: 'scalar' | 'enum'; type: string }, v: PbScalar, fd?: ProtoField): void {
    if (v.token === 'placeholder') return; // a template value: not known until it is substituted
    if (t.kind === 'enum') {
      const e = getEnum(t.type);
      if (!e) return;
      if (v.token === 'identifier' && !floatWords.test(v.text)) {
        if (!e.byName.has(v.text)) {
          const guess = closest(v.text, [...e.byName.keys()]);
          this.problems.push({
            code: 'config/inferserver-bad-enum',
            severity: 'error',
            message: `Unknown enumeration value "${v.text}" for field "${name}" (${shortName(e.name)}): protobuf refuses the file.${guess ? ` Did you mean "${guess}"?` : ''} Valid: ${[...e.byName.keys()].join(', ')}.`,
            start: v.start,
            end: v.end,
            replacement: guess ? { title: `Change to "${guess}"`, text: guess } : undefined,
          });
        }
        return;
      }
      if (v.token === 'integer') {
        const n = integerValue(v);
        if (n === undefined || n < intRange.int32[0] || n > intRange.int32[1]) {
          this.wrongType(v.start, v.end, `"${name}" is an enum (${shortName(e.name)}); ${tokenWords(v)} is not a valid enum number.`);
          return;
        }
        if (!e.byNumber.has(Number(n))) {
          this.problems.push({ code: 'config/inferserver-bad-enum', severity: 'warning', message: `${tokenWords(v)} is not a value of ${shortName(e.name)} (valid: ${[...e.byNumber].map(([k, x]) => `${k} = ${x}`).join(', ')}): protobuf keeps the number, but nvinferserver does not know what it means.`, start: v.start, end: v.end });
        }
        return;
      }
      this.wrongType(v.start, v.end, `"${name}" is an enum (${shortName(e.name)}): expected one of ${[...e.byName.keys()].join(', ')}, not ${tokenWords(v)}.`);
      return;
    }
    const type = t.type;
    const what = fd ? describeType(fd) : type;
    if (type === 'string' || type === 'bytes') {
      if (v.token !== 'string') this.wrongType(v.start, v.end, `"${name}" is ${what}: expected a quoted string, not ${tokenWords(v)}${v.token === 'identifier' ? ` (write "${v.text}")` : ''}.`, v.token === 'identifier' || v.token === 'integer' || v.token === 'float' ? `"${v.negative ? '-' : ''}${v.text}"` : undefined);
      return;
    }
    if (type === 'bool') {
      if (v.token === 'identifier' && boolWords.has(v.text) && !v.negative) return;
      if (v.token === 'integer' && !v.negative && (integerValue(v) === 0n || integerValue(v) === 1n)) return;
      this.wrongType(v.start, v.end, `"${name}" is true or false, not ${tokenWords(v)}.`);
      return;
    }
    if (type === 'float' || type === 'double') {
      if (v.token === 'integer' || v.token === 'float') return;
      if (v.token === 'identifier' && floatWords.test(v.text)) return;
      this.wrongType(v.start, v.end, `"${name}" is a number, not ${tokenWords(v)}.`);
      return;
    }
    const range = intRange[type];
    if (!range) return;
    if (v.token !== 'integer') {
      this.wrongType(v.start, v.end, `"${name}" is an integer (${type}), not ${tokenWords(v)}.`);
      return;
    }
    const n = integerValue(v);
    if (n === undefined) {
      this.wrongType(v.start, v.end, `${tokenWords(v)} is not a valid integer (a leading 0 means octal: digits 0-7).`);
      return;
    }
    if (n < range[0] || n > range[1]) {
      this.wrongType(v.start, v.end, `${tokenWords(v)} is out of range for "${name}" (${type}: ${range[0]} … ${range[1]}); protobuf refuses the file.`);
    }
  }

  private wrongType(start: number, end: number, message: string, fixText?: string): void {
    this.problems.push({ code: 'config/inferserver-wrong-type', severity: 'error', message, start, end, replacement: fixText ? { title: `Quote it: ${fixText}`, text: fixText } : undefined });
  }
}
