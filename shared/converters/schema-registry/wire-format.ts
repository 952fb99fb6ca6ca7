// Confluent's wire format: a zero magic byte, the schema id as a 4-byte big-endian integer, then
// the payload (Protobuf adds its message indexes before the message itself).
import { DataError } from '../../api/errors.ts';

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

/** The schema id of a framed value; throws Confluent's "Unknown magic byte!" for anything else. */
export function schemaIdOf(bytes: Uint8Array): number {
  if (bytes.length < HEADER_SIZE || bytes[0] !== MAGIC_BYTE) throw new DataError('Unknown magic byte!');
  return ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
}

/** The header for `id`, to be followed by the payload. */
export function frameHeader(id: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_SIZE);
  header[0] = MAGIC_BYTE;
  header.writeUInt32BE(id, 1);
  return header;
}
