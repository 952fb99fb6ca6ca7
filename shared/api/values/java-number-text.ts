// How Java prints numbers, so that text we write reads exactly as Kafka Connect's does: Jackson and
// Values print a double with Double.toString (1.0, 1.0E7, 1.0E-4), a float with Float.toString and a
// BigDecimal with BigDecimal.toString (1.23, 1.23E+5, 1.23E-8).
import type { BigDecimal } from '../schema.ts';

/**
 * Java's Double.toString (JDK 19 and later, the shortest digits that round-trip: when one digit
 * would do, the two-digit decimal closest to the value, so Double.MIN_VALUE is 4.9E-324, not 5.0E-324).
 */
export function javaDoubleToString(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(value)) return nonFinite(value);
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  // In this range JavaScript's shortest digits are already written plainly, as Java's are (a
  // one-digit shortest here is exact: n × 10^k with n < 10, so no closer two-digit decimal exists).
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(abs);
    return sign + (text.includes('.') ? text : `${text}.0`);
  }
  // toExponential() without an argument gives the shortest digits that round-trip.
  let [mantissa = '', exponent = '0'] = abs.toExponential().split('e');
  if (!mantissa.includes('.')) {
    const two = abs.toExponential(1);
    if (Number(two) === abs) [mantissa = '', exponent = '0'] = two.split('e');
  }
  return `${sign}${scientific(mantissa)}E${Number(exponent)}`;
}

/** d.ddd with at least one fraction digit, trailing zeros past the first dropped. */
function scientific(mantissa: string): string {
  if (!mantissa.includes('.')) return `${mantissa}.0`;
  const trimmed = mantissa.replace(/0+$/, '');
  return trimmed.endsWith('.') ? `${trimmed}0` : trimmed;
}

/** Java's Float.toString (JDK 19 and later) for a value already rounded to float32. */
export function javaFloatToString(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(value)) return nonFinite(value);
  const abs = Math.abs(value);
  // The fewest digits (1 to 9) that read back as the same float: more digits never stop reading
  // back once some do, so a binary search finds them with about three conversions.
  let low = 1;
  let high = 9;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (Math.fround(Number(abs.toExponential(middle - 1))) === abs) high = middle;
    else low = middle + 1;
  }
  let text = abs.toExponential(low - 1);
  // One digit would do: Java takes the two-digit decimal closest to the value (1.4E-45).
  if (low === 1) {
    const two = abs.toExponential(1);
    if (Math.fround(Number(two)) === abs && !two.startsWith('0', 2)) text = two;
  }
  const [mantissa, exp] = text.split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exp);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

function nonFinite(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Java's BigDecimal.toString: plain unless the exponent is positive or the number is tiny. */
export function javaBigDecimalString(decimal: BigDecimal): string {
  const negative = decimal.unscaled < 0n;
  const digits = (negative ? -decimal.unscaled : decimal.unscaled).toString();
  const sign = negative ? '-' : '';
  const scale = decimal.scale;
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}
