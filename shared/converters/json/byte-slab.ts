// Output buffers carved from larger slabs. Buffer.from(text) takes its bytes from Node's 8 KiB pool
// and allocates a new pool every few kilobytes; that allocation, not the UTF-8 encoding, was most
// of the cost of writing a ~1 KB record. A 64 KiB slab is allocated 8 times less often. The price
// is the same as Node's pool at a larger size: a buffer kept alive keeps its whole slab alive.
// Slabs are never reused, so a returned buffer's bytes never change.
const SLAB_BYTES = 64 * 1024;
/** Larger texts get a buffer of their own, as Buffer.from gives them. */
const MAX_SHARED_TEXT = SLAB_BYTES / 8;

let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let offset = 0;

function reserve(maxBytes: number): void {
  if (offset + maxBytes > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    offset = 0;
  }
}

/** The UTF-8 bytes of `text`, optionally between a prefix and a one-byte suffix. */
export function utf8Bytes(text: string, prefix?: Buffer, suffix?: number): Buffer {
  const prefixLength = prefix === undefined ? 0 : prefix.length;
  const suffixLength = suffix === undefined ? 0 : 1;
  // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
  const maxBytes = prefixLength + text.length * 3 + suffixLength;
  if (text.length > MAX_SHARED_TEXT || maxBytes > SLAB_BYTES) {
    if (prefix === undefined && suffix === undefined) return Buffer.from(text, 'utf8');
    const size = prefixLength + Buffer.byteLength(text, 'utf8') + suffixLength;
    const bytes = Buffer.allocUnsafe(size);
    prefix?.copy(bytes, 0);
    bytes.write(text, prefixLength, 'utf8');
    if (suffix !== undefined) bytes[size - 1] = suffix;
    return bytes;
  }
  reserve(maxBytes);
  const start = offset;
  if (prefix !== undefined) prefix.copy(slab, start);
  let end = start + prefixLength + slab.write(text, start + prefixLength, 'utf8');
  if (suffix !== undefined) slab[end++] = suffix;
  offset = end;
  return slab.subarray(start, end);
}
