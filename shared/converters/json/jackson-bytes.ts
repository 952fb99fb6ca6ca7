// The text Kafka's Jackson reads from a record's bytes, where that differs from Buffer's UTF-8:
// - Jackson guesses the encoding from the first bytes (ByteSourceJsonBootstrapper): a UTF-16 or
//   UTF-32 byte order mark, or zero bytes where JSON text in UTF-16/32 has them;
// - in UTF-8 it decodes multi-byte sequences without checking for overlong forms or surrogates
//   (C0 AF reads as '/', ED A0 80 as a lone surrogate) and fails on a byte that cannot start or
//   continue a sequence, but only where it reads: inside the first JSON value.
// Buffer replaces every bad sequence with U+FFFD instead, so a record that holds one (and any record
// in another encoding) is decoded here; ordinary UTF-8 never is.

/** Marks a byte Jackson fails on: a raw control character, which JSON.parse refuses wherever it is read. */
const INVALID = '\u0000';

/** True when Jackson would not read these bytes as UTF-8 (a zero in the first two bytes, or FE/FF first). */
export function mayBeOtherEncoding(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return first === 0 || bytes[1] === 0 || first === 0xfe || first === 0xff;
}

export interface JacksonText {
  readonly text: string;
  /** The UTF-8 bytes, which Jackson checks byte by byte; null for other encodings (checked by char). */
  readonly utf8: Buffer | null;
}

/** The text Jackson reads from `bytes` (a UTF-8 byte order mark is left for the caller). */
export function jacksonText(bytes: Buffer): JacksonText {
  const encoding = detectEncoding(bytes);
  switch (encoding.name) {
    case 'UTF-8':
      return { text: jacksonUtf8(bytes), utf8: bytes };
    case 'UTF-16BE':
    case 'UTF-16LE': {
      let body = bytes.subarray(encoding.skip);
      // Java's InputStreamReader replaces what it cannot decode (an odd last byte, a lone surrogate).
      const odd = body.length % 2 === 1;
      if (odd) body = body.subarray(0, body.length - 1);
      const units = encoding.name === 'UTF-16LE' ? Buffer.from(body) : Buffer.from(body).swap16();
      return { text: units.toString('utf16le').toWellFormed() + (odd ? '\ufffd' : ''), utf8: null };
    }
    default:
      return { text: utf32(bytes.subarray(encoding.skip), encoding.name === 'UTF-32LE'), utf8: null };
  }
}

type Encoding = { name: 'UTF-8' | 'UTF-16BE' | 'UTF-16LE' | 'UTF-32BE' | 'UTF-32LE'; skip: number };

function detectEncoding(bytes: Buffer): Encoding {
  if (bytes.length >= 4) {
    const quad = bytes.readUInt32BE(0);
    switch (quad) {
      case 0x0000feff:
        return { name: 'UTF-32BE', skip: 4 };
      case 0xfffe0000:
        return { name: 'UTF-32LE', skip: 4 };
      case 0x0000fffe:
      case 0xfeff0000:
        throw new SyntaxError('Unsupported UCS-4 endianness detected');
    }
    const high = quad >>> 16;
    if (high === 0xfeff) return { name: 'UTF-16BE', skip: 2 };
    if (high === 0xfffe) return { name: 'UTF-16LE', skip: 2 };
    if (quad >>> 8 === 0xefbbbf) return { name: 'UTF-8', skip: 0 };
    if (quad >>> 8 === 0) return { name: 'UTF-32BE', skip: 0 };
    if ((quad & 0x00ffffff) === 0) return { name: 'UTF-32LE', skip: 0 };
    if ((quad & ~0x00ff0000) >>> 0 === 0 || (quad & ~0x0000ff00) >>> 0 === 0)
      throw new SyntaxError('Unsupported UCS-4 endianness detected');
    return utf16Guess(high) ?? { name: 'UTF-8', skip: 0 };
  }
  if (bytes.length >= 2) return utf16Guess(bytes.readUInt16BE(0)) ?? { name: 'UTF-8', skip: 0 };
  return { name: 'UTF-8', skip: 0 };
}

function utf16Guess(first16: number): Encoding | undefined {
  if ((first16 & 0xff00) === 0) return { name: 'UTF-16BE', skip: 0 };
  if ((first16 & 0x00ff) === 0) return { name: 'UTF-16LE', skip: 0 };
  return undefined;
}

function utf32(bytes: Buffer, littleEndian: boolean): string {
  let out = '';
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    const code = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
    // Jackson fails on a code point past U+10FFFF, but only where it reads.
    out += code > 0x10ffff ? INVALID : code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code);
  }
  // An incomplete last unit fails only if Jackson reads that far.
  return whole === bytes.length ? out : out + INVALID;
}

/** UTF-8 as Jackson's UTF8StreamJsonParser decodes it, with INVALID where it would fail. */
export function jacksonUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  const flush = () => {
    out += String.fromCharCode(...units);
    units.length = 0;
  };
  const continuation = (i: number) => i < bytes.length && (bytes[i]! & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    let code: number;
    let length: number;
    if (c < 0x80) {
      code = c;
      length = 1;
    } else if (c >= 0xc0 && c <= 0xdf && continuation(i + 1)) {
      code = ((c & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
      length = 2;
    } else if (c >= 0xe0 && c <= 0xef && continuation(i + 1) && continuation(i + 2)) {
      code = ((c & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      length = 3;
    } else if (c >= 0xf0 && c <= 0xf7 && continuation(i + 1) && continuation(i + 2) && continuation(i + 3)) {
      code =
        ((c & 0x07) << 18) |
        ((bytes[i + 1]! & 0x3f) << 12) |
        ((bytes[i + 2]! & 0x3f) << 6) |
        (bytes[i + 3]! & 0x3f);
      length = 4;
    } else {
      units.push(INVALID.charCodeAt(0));
      i++;
      continue;
    }
    if (code > 0xffff) {
      // Jackson's surrogate pair, even past U+10FFFF (which only a broken sequence spells).
      const offset = code - 0x10000;
      units.push(0xd800 | (offset >> 10), 0xdc00 | (offset & 0x3ff));
    } else units.push(code);
    i += length;
    if (units.length >= 4096) flush();
  }
  flush();
  return out;
}
