// Small builders shared by the plugin config schemas: a key with its source file, and a key map.
import type { KeySchema, ValueType } from './types';

export function key(source: string, name: string, type: ValueType, doc: string, extra: Partial<KeySchema> = {}): KeySchema {
  return { key: name, type, doc, source, ...extra };
}

export function keyMap(list: KeySchema[]): Record<string, KeySchema> {
  const r: Record<string, KeySchema> = {};
  for (const s of list) r[s.key] = s;
  return r;
}

/** NvBufSurfTransform_Inter (includes/nvbufsurftransform.h). */
export const interpolationEnum = [
  { value: 0, meaning: 'Nearest' },
  { value: 1, meaning: 'Bilinear' },
  { value: 2, meaning: 'Algo1 (GPU: cubic, VIC: 5-tap)' },
  { value: 3, meaning: 'Algo2 (GPU: super, VIC: 10-tap)' },
  { value: 4, meaning: 'Algo3 (GPU: Lanczos, VIC: smart)' },
  { value: 5, meaning: 'Algo4 (GPU: ignored, VIC: nicest)' },
  { value: 6, meaning: 'Default (GPU: nearest, VIC: nearest)' },
];

/** NvBufSurfaceMemType (includes/nvbufsurface.h), the values the plugin parsers accept. */
export const memTypeEnum = [
  { value: 0, meaning: 'default (CUDA device memory on dGPU, surface array on Jetson)' },
  { value: 1, meaning: 'CUDA pinned (host) memory' },
  { value: 2, meaning: 'CUDA device memory' },
  { value: 3, meaning: 'CUDA unified memory' },
  { value: 4, meaning: 'surface array (Jetson)', platform: 'jetson' as const },
];
