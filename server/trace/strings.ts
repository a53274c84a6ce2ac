// The string table shared by every column of a TraceModel: each distinct string stored once.
import type { StringTable } from './model';

export function createStringTable(): StringTable {
  const strings: string[] = [];
  const index = new Map<string, number>();
  return {
    strings,
    intern(s: string): number {
      let i = index.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}
