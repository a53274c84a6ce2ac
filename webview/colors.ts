// Event colours: NVTX ARGB colours as given by the application, otherwise a stable colour per
// name (the same name is the same colour in every trace and every session). Pure.

/** FNV-1a 32-bit hash of a string. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A mid-saturation colour for `name`, readable with black text on light and dark themes. */
export function colorForName(name: string): string {
  const h = hashName(name);
  const hue = h % 360;
  const sat = 45 + ((h >>> 9) % 25);
  const light = 52 + ((h >>> 17) % 14);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

/** NVTX ARGB (0xAARRGGBB, as stored by nsys) to CSS; alpha is ignored (opaque bars). */
export function argbToCss(argb: number): string {
  const rgb = (argb >>> 0) & 0xffffff;
  return `#${rgb.toString(16).padStart(6, '0')}`;
}

/** Black or white text for a `#rrggbb` or `hsl(h s% l%)` background. */
export function textColorFor(css: string): string {
  const hsl = /^hsl\(\s*[\d.]+\s+[\d.]+%\s+([\d.]+)%\s*\)$/.exec(css);
  if (hsl) return Number(hsl[1]) > 55 ? '#000' : '#fff';
  const hex = /^#([0-9a-f]{6})$/i.exec(css);
  if (hex) {
    const v = parseInt(hex[1], 16);
    const r = (v >> 16) & 255;
    const g = (v >> 8) & 255;
    const b = v & 255;
    return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000' : '#fff';
  }
  return '#000';
}

/** Fixed colours by event kind, used where a name colour would mislead (copies by direction). */
export const KIND_COLORS: Record<string, string> = {
  memcpyHtoD: '#3fa34d',
  memcpyDtoH: '#d1495b',
  memcpyDtoD: '#edae49',
  memcpyOther: '#8d99ae',
  memset: '#7b5ea7',
  cudaApi: '#4f86c6',
  osrt: '#9aa5b1',
  sync: '#e07a1f',
};
