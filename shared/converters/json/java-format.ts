// Numbers written the way Java writes them, so that our JSON looks like Kafka's: Jackson prints a
// double with Double.toString (1.0, 1.0E7, 1.0E-4) and a BigDecimal with BigDecimal.toString
// (1.23, 1.23E+5, 1.23E-8).
import type { BigDecimal } from '../../api/schema.ts';

/** Java's Double.toString for a finite double (shortest round-trip digits). */
export function javaDoubleString(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(abs);
    return sign + (text.includes('.') ? text : `${text}.0`);
  }
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa = '', exponent = '0'] = abs.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${sign}${digits}E${Number(exponent)}`;
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
