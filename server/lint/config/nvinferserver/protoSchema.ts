// The nvinferserver config schema: message and enum tables generated from NVIDIA's .proto files
// (scripts/generate-nvinferserver-schema.mjs → data/nvinferserver-proto.json), indexed with Maps.
import data from './data/nvinferserver-proto.json';

export type ScalarType = 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64' | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes';

export interface ProtoField {
  name: string;
  number: number;
  kind: 'scalar' | 'enum' | 'message' | 'map';
  /** Scalar type, or the full name of the message / enum type. */
  type: string;
  repeated: boolean;
  oneof?: string;
  deprecated?: boolean;
  /** Map fields: key scalar type and value type (scalar, enum or message full name). */
  mapKey?: string;
  mapValue?: string;
  mapValueKind?: 'scalar' | 'enum' | 'message';
}

export interface ProtoMessage {
  name: string;
  fields: Map<string, ProtoField>;
}

export interface ProtoEnum {
  name: string;
  byName: Map<string, number>;
  byNumber: Map<number, string>;
}

interface RawField {
  name: string;
  number: number;
  kind: string;
  type?: string;
  repeated?: boolean;
  oneof?: string;
  deprecated?: boolean;
  mapKey?: string;
  mapValue?: string;
  mapValueKind?: string;
}

const raw = data as { deepstreamVersion: string; source: { repository: string; commit: string; files: string[] }; root: string; messages: Record<string, RawField[]>; enums: Record<string, { values: { name: string; number: number }[] }> };

/** DeepStream release and commit the table was generated from. */
export const protoSource = { deepstreamVersion: raw.deepstreamVersion, repository: raw.source.repository, commit: raw.source.commit, files: raw.source.files };

const messages = new Map<string, ProtoMessage>();
for (const [name, fields] of Object.entries(raw.messages)) {
  const m: ProtoMessage = { name, fields: new Map() };
  for (const f of fields) {
    m.fields.set(f.name, {
      name: f.name,
      number: f.number,
      kind: f.kind as ProtoField['kind'],
      type: f.type ?? 'map',
      repeated: f.repeated === true,
      oneof: f.oneof,
      deprecated: f.deprecated,
      mapKey: f.mapKey,
      mapValue: f.mapValue,
      mapValueKind: f.mapValueKind as ProtoField['mapValueKind'],
    });
  }
  messages.set(name, m);
}

const enums = new Map<string, ProtoEnum>();
for (const [name, e] of Object.entries(raw.enums)) {
  enums.set(name, { name, byName: new Map(e.values.map((v) => [v.name, v.number])), byNumber: new Map(e.values.map((v) => [v.number, v.name])) });
}

/** Field name → the messages that have a field of that name (for "it belongs in ..." hints). */
const fieldOwners = new Map<string, string[]>();
for (const m of messages.values()) for (const f of m.fields.keys()) fieldOwners.set(f, [...(fieldOwners.get(f) ?? []), m.name]);

export const rootMessage = raw.root;

export function getMessage(name: string): ProtoMessage | undefined {
  return messages.get(name);
}

export function getEnum(name: string): ProtoEnum | undefined {
  return enums.get(name);
}

export function messagesWithField(field: string): string[] {
  return fieldOwners.get(field) ?? [];
}

/** `nvdsinferserver.config.PluginControl.InputControl` → `PluginControl.InputControl`. */
export function shortName(full: string): string {
  return full.replace(/^nvdsinferserver\.config\./, '');
}

/** Words for a field's value type in messages ("a string", "an enum MediaFormat", ...). */
export function describeType(f: ProtoField): string {
  if (f.kind === 'message') return `a message ${shortName(f.type)} { ... }`;
  if (f.kind === 'map') return `a map entry { key: ... value: ... }`;
  if (f.kind === 'enum') return `a ${shortName(f.type)} value`;
  if (f.type === 'string' || f.type === 'bytes') return 'a quoted string';
  if (f.type === 'bool') return 'true or false';
  if (f.type === 'float' || f.type === 'double') return 'a number';
  return `an integer (${f.type})`;
}
