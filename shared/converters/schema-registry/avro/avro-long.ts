// Avro longs for Connect's INT64: JavaScript numbers, or bigints where a number would lose digits.
import avro from 'avsc';

const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** avsc's long type with Connect's INT64 representation; give it as `registry: { long: AVRO_LONG }`. */
export const AVRO_LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => {
    const n = buffer.readBigInt64LE(0);
    return n >= SAFE_MIN && n <= SAFE_MAX ? Number(n) : n;
  },
  toBuffer: (n: number | bigint) => {
    const buffer = Buffer.allocUnsafe(8);
    buffer.writeBigInt64LE(BigInt(n));
    return buffer;
  },
  fromJSON: (json: unknown) => (typeof json === 'bigint' ? json : Number(json)),
  toJSON: (n: number | bigint) => Number(n),
  isValid: (n: unknown) => (typeof n === 'number' && Number.isInteger(n)) || typeof n === 'bigint',
  compare: (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** An avsc type for an Avro schema (JSON form), with wrapped unions and Connect's longs. */
export function avscType(json: unknown): avro.Type {
  return avro.Type.forSchema(json as avro.Schema, {
    wrapUnions: 'always',
    registry: { long: AVRO_LONG } as unknown as Record<string, avro.Type>,
  });
}
