import { inflateRaw } from 'node:zlib';

/**
 * IN-06: a zip-based Office file (xlsx) is checked before it is parsed, because the parser inflates every
 * entry into memory. `summarizeZip` reads only the central directory (the End of Central Directory record at
 * the end of the file, then one header per entry): how many entries, and how many bytes they claim once
 * uncompressed. `verifyDeclaredSizes` then inflates each entry with its claimed size as a hard cap, so a file
 * whose directory under-states its sizes is refused too, and never costs more than the limits allow.
 */

export const ZIP_LIMITS = { maxUncompressedBytes: 100 * 1024 * 1024, maxEntries: 1000 } as const;

export class NotAZipError extends Error {
  constructor(reason: string) {
    super(`not a zip file: ${reason}`);
    this.name = 'NotAZipError';
  }
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const U32_MAX = 0xffffffff;

interface CentralEntry {
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const u64 = (buf: Buffer, at: number) => Number(buf.readBigUInt64LE(at));

function need(buf: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || at + length > buf.length) throw new NotAZipError(`${what} outside the file`);
}

/** The central directory's position and declared entry count (ZIP64 when the classic fields overflow). */
function locateDirectory(buf: Buffer): { count: number; offset: number; size: number } {
  let eocd = -1;
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) === EOCD && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new NotAZipError('no end of central directory record');
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    const locator = eocd - 20;
    need(buf, locator, 20, 'ZIP64 locator');
    if (buf.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new NotAZipError('ZIP64 locator missing');
    const record = u64(buf, locator + 8);
    need(buf, record, 56, 'ZIP64 end of central directory');
    if (buf.readUInt32LE(record) !== ZIP64_EOCD) throw new NotAZipError('ZIP64 end of central directory missing');
    count = u64(buf, record + 32);
    size = u64(buf, record + 40);
    offset = u64(buf, record + 48);
  }
  need(buf, offset, size, 'central directory');
  return { count, offset, size };
}

/** The central directory's entries, in order; stops after `max` of them. */
function* centralEntries(
  buf: Buffer,
  dir: { count: number; offset: number; size: number },
  max = Infinity,
): Generator<CentralEntry> {
  let at = dir.offset;
  for (let i = 0; i < dir.count && i < max; i++) {
    need(buf, at, 46, 'central directory entry');
    if (buf.readUInt32LE(at) !== CENTRAL_HEADER) throw new NotAZipError('bad central directory entry');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    need(buf, at + 46, nameLength + extraLength + commentLength, 'central directory entry');
    let compressedSize = buf.readUInt32LE(at + 20);
    let uncompressedSize = buf.readUInt32LE(at + 24);
    let localHeaderOffset = buf.readUInt32LE(at + 42);
    if (compressedSize === U32_MAX || uncompressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      // ZIP64 extended information (id 1): the overflowing fields, in this order, as 8-byte values.
      const extra = at + 46 + nameLength;
      let found = false;
      for (let p = extra; p + 4 <= extra + extraLength; ) {
        const id = buf.readUInt16LE(p);
        const length = buf.readUInt16LE(p + 2);
        if (id === 1) {
          let q = p + 4;
          const next = () => {
            if (q + 8 > p + 4 + length) throw new NotAZipError('short ZIP64 extra field');
            const v = u64(buf, q);
            q += 8;
            return v;
          };
          if (uncompressedSize === U32_MAX) uncompressedSize = next();
          if (compressedSize === U32_MAX) compressedSize = next();
          if (localHeaderOffset === U32_MAX) localHeaderOffset = next();
          found = true;
          break;
        }
        p += 4 + length;
      }
      if (!found) throw new NotAZipError('ZIP64 sizes missing');
    }
    yield { method: buf.readUInt16LE(at + 10), compressedSize, uncompressedSize, localHeaderOffset };
    at += 46 + nameLength + extraLength + commentLength;
  }
}

export interface ZipSummary {
  /** Entries the central directory declares. */
  entries: number;
  /** Sum of the entries' declared uncompressed sizes (counted up to the first `maxEntries` + 1 entries). */
  uncompressedBytes: number;
}

/** Reads the central directory only. Throws NotAZipError when the buffer is not a (well-formed) zip. */
export function summarizeZip(buf: Buffer, maxEntries: number = ZIP_LIMITS.maxEntries): ZipSummary {
  const dir = locateDirectory(buf);
  let uncompressedBytes = 0;
  for (const e of centralEntries(buf, dir, maxEntries + 1)) uncompressedBytes += e.uncompressedSize;
  return { entries: dir.count, uncompressedBytes };
}

/** The limit a summary breaks, in words for the uploader, or null. */
export function zipLimitProblem(
  summary: ZipSummary,
  limits: { maxUncompressedBytes: number; maxEntries: number } = ZIP_LIMITS,
): string | null {
  const mb = (n: number) => `${Math.ceil(n / (1024 * 1024))} MB`;
  if (summary.entries > limits.maxEntries)
    return `文件包含 ${summary.entries} 个压缩条目，超过上限 ${limits.maxEntries} 个`;
  if (summary.uncompressedBytes > limits.maxUncompressedBytes)
    return `文件解压后约 ${mb(summary.uncompressedBytes)}，超过上限 ${mb(limits.maxUncompressedBytes)}`;
  return null;
}

/**
 * Inflates every entry with its declared uncompressed size as the output cap: false when an entry holds more
 * than its directory entry claims (a lying header) or cannot be read. Call after the limits passed. `onEntry` sees
 * each entry's bytes (e.g. to count a workbook's rows before any parser builds them).
 */
export async function verifyDeclaredSizes(buf: Buffer, onEntry?: (inflated: Buffer) => void): Promise<boolean> {
  const dir = locateDirectory(buf);
  for (const e of centralEntries(buf, dir)) {
    const local = e.localHeaderOffset;
    if (local < 0 || local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL_HEADER) return false;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + e.compressedSize > buf.length) return false;
    const data = buf.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return false;
      onEntry?.(data);
    } else if (e.method === 8) {
      const ok = await new Promise<boolean>((resolve) => {
        inflateRaw(data, { maxOutputLength: Math.max(1, e.uncompressedSize) }, (err, out) => {
          const whole = !err && out.length === e.uncompressedSize;
          if (whole) onEntry?.(out);
          resolve(whole);
        });
      });
      if (!ok) return false;
    } else {
      return false;
    }
  }
  return true;
}
