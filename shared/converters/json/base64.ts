// Base64 text as Jackson reads it for BYTES and Decimal values: the standard alphabet, padding
// required, whitespace between characters ignored. Anything else is an error (Node's own decoder
// would silently skip bad characters, turning garbage into different bytes).
const VALID = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /[ \t\n\r]/g;
const HAS_WHITESPACE = /[ \t\n\r]/;

export function decodeBase64Strict(text: string): Buffer {
  const clean = HAS_WHITESPACE.test(text) ? text.replace(WHITESPACE, '') : text;
  if (clean.length % 4 !== 0 || !VALID.test(clean)) throw new Error('Illegal base64 content');
  return Buffer.from(clean, 'base64');
}

/** Java's new BigInteger(byte[]): big-endian two's complement; empty input is an error as in Java. */
export function bigIntFromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new Error('Zero length BigInteger');
  let result = 0n;
  for (const byte of bytes) result = (result << 8n) | BigInt(byte);
  return bytes[0]! & 0x80 ? result - (1n << BigInt(bytes.length * 8)) : result;
}

/** Java's BigInteger.toByteArray: the shortest big-endian two's complement form. */
export function twosComplementOf(value: bigint): Buffer {
  let length = 1;
  while (value < -(1n << BigInt(length * 8 - 1)) || value >= 1n << BigInt(length * 8 - 1)) length++;
  const bytes = Buffer.alloc(length);
  let rest = BigInt.asUintN(length * 8, value);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
