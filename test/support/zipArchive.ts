// Reads a ZIP archive (a .vsix is one) with Node's zlib: the central directory's entries and
// the bytes of one entry. Enough for tests to check what a package contains.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
  method: number;
  localHeaderOffset: number;
}

export class ZipArchive {
  readonly entries: ZipEntry[] = [];
  private readonly bytes: Buffer;

  constructor(readonly file: string) {
    this.bytes = readFileSync(file);
    const b = this.bytes;
    // End of central directory record: signature 0x06054b50 within the last 64 KiB + 22 bytes.
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 65_557); i--) {
      if (b.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file}: not a ZIP archive (no end-of-central-directory record)`);
    const count = b.readUInt16LE(eocd + 10);
    let p = b.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (b.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: central directory entry ${i} is corrupt`);
      const method = b.readUInt16LE(p + 10);
      const compressedSize = b.readUInt32LE(p + 20);
      const size = b.readUInt32LE(p + 24);
      const nameLen = b.readUInt16LE(p + 28);
      const extraLen = b.readUInt16LE(p + 30);
      const commentLen = b.readUInt16LE(p + 32);
      const localHeaderOffset = b.readUInt32LE(p + 42);
      const name = b.subarray(p + 46, p + 46 + nameLen).toString('utf8');
      this.entries.push({ name, compressedSize, size, method, localHeaderOffset });
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The uncompressed bytes of entry `name` (stored or deflated). */
  read(name: string): Buffer {
    const e = this.entries.find((x) => x.name === name);
    if (!e) throw new Error(`${this.file}: no entry '${name}'`);
    const b = this.bytes;
    const h = e.localHeaderOffset;
    if (b.readUInt32LE(h) !== 0x04034b50) throw new Error(`${this.file}: local header of '${name}' is corrupt`);
    const start = h + 30 + b.readUInt16LE(h + 26) + b.readUInt16LE(h + 28);
    const data = b.subarray(start, start + e.compressedSize);
    if (e.method === 0) return Buffer.from(data);
    if (e.method === 8) return inflateRawSync(data);
    throw new Error(`${this.file}: '${name}' uses compression method ${e.method}`);
  }
}
