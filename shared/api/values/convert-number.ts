// Values.convertToByte/Short/Integer/Long/Float/Double for a string (MaskField's replacement), and
// Java's `new BigDecimal(text)` that both they and parseString rely on.
import { DataError } from '../errors.ts';
import { BigDecimal } from '../schema.ts';
import { javaClassOf } from './java-class.ts';
import {
  asciiDigits,
  bigDecimalToFloat,
  decimalIntegralPart,
  javaDecimalScale,
} from './java-parse-number.ts';
import { javaTrim } from './tokenizer.ts';

const BIG_DECIMAL_SYNTAX = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Java's `new BigDecimal(text)`, or null where it throws NumberFormatException. */
export function parseBigDecimal(original: string): BigDecimal | null {
  // Like Character.digit, BigDecimal reads any Unicode decimal digit (١٢ is 12).
  const text = asciiDigits(original);
  if (!BIG_DECIMAL_SYNTAX.test(text)) return null;
  const [mantissa, exponent] = text.split(/[eE]/) as [string, string | undefined];
  const [whole, fraction = ''] = mantissa.replace(/^[+-]/, '').split('.') as [string, string | undefined];
  const digits = `${whole}${fraction}` || '0';
  const negative = mantissa.startsWith('-');
  const unscaled = BigInt(digits) * (negative ? -1n : 1n);
  // Java refuses an exponent or a scale beyond an int.
  const scale = javaDecimalScale(fraction.length, exponent);
  return scale === null ? null : new BigDecimal(unscaled, scale);
}

/** BigDecimal.longValue(): the integer part, wrapped to 64 bits as Java narrows. */
function truncateToLong(decimal: BigDecimal): bigint {
  return BigInt.asIntN(64, decimalIntegralPart(decimal.unscaled, decimal.scale));
}

export type IntegerType = 'INT8' | 'INT16' | 'INT32' | 'INT64';

/** Values.convertToByte/Short/Integer/Long for a string: parsed as a decimal, truncated, narrowed. */
export function convertStringToInteger(text: string, type: IntegerType): number | bigint {
  const decimal = parseBigDecimal(javaTrim(text));
  if (decimal === null) throw new DataError(`Unable to convert ${text} (${javaClassOf(text)}) to a number`);
  return narrowInteger(truncateToLong(decimal), type);
}

export function narrowInteger(value: bigint, type: IntegerType): number | bigint {
  switch (type) {
    case 'INT8':
      return Number(BigInt.asIntN(8, value));
    case 'INT16':
      return Number(BigInt.asIntN(16, value));
    case 'INT32':
      return Number(BigInt.asIntN(32, value));
    default:
      return toLongValue(value);
  }
}

/** How an INT64 is held: a number while it is safe, a bigint beyond. */
export function toLongValue(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Values.convertToFloat/Double for a string. */
export function convertStringToFloat(text: string, type: 'FLOAT32' | 'FLOAT64'): number {
  const decimal = parseBigDecimal(javaTrim(text));
  if (decimal === null) {
    throw new DataError(`Unable to convert ${text} (${javaClassOf(text)}) to a number`);
  }
  return type === 'FLOAT32' ? bigDecimalToFloat(decimal) : bigDecimalToDouble(decimal);
}

/** BigDecimal.doubleValue: the exact decimal rounded once to a double. */
export function bigDecimalToDouble(decimal: BigDecimal): number {
  return Number(`${decimal.unscaled}e${-decimal.scale}`);
}
