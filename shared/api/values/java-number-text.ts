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
  const shortest = shortestFloatDecimal(Math.abs(value));
  if (shortest !== undefined) {
    // Up to nine digits read back as the same double, so JavaScript prints exactly those digits,
    // plainly in this range, as Java does; a whole value gets Java's ".0".
    const text = String(shortest);
    return (value < 0 ? '-' : '') + (Number.isInteger(shortest) ? `${text}.0` : text);
  }
  return exactFloatToString(value);
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22

/**
 * The decimal Float.toString writes for `abs` (a positive float32 in [1e-3, 1e7), where Java
 * writes no exponent), as the double nearest to it; undefined outside that range or when the
 * arithmetic below cannot be trusted, for exactFloatToString to settle. This runs for every Cast
 * to float32 and every FLOAT32 written, so it takes the digits from one multiplication and one
 * rounding per length instead of decimal conversions: the k-digit decimal nearest to `abs` is
 * round(abs × 10^s) / 10^s, exact unless the product lies within its rounding error of a tie.
 */
const unscale = (n: number, shift: number) =>
  shift >= 0 ? n / POWERS_OF_TEN[shift]! : n * POWERS_OF_TEN[-shift]!;
/** Read back as Java reads a Float (via the nearest double, as exactFloatToString checks too). */
const readsBack = (n: number, shift: number, abs: number) => Math.fround(unscale(n, shift)) === abs;

export function shortestFloatDecimal(abs: number): number | undefined {
  if (!(abs >= 1e-3 && abs < 1e7)) return undefined;
  let exponent = Math.floor(Math.log10(abs));
  // log10 may round across a power of ten; the table is exact.
  if (abs < POWERS_OF_TEN[exponent + 3]! / 1e3) exponent--;
  else if (abs >= POWERS_OF_TEN[exponent + 4]! / 1e3) exponent++;
  // Two digits first: when one would do, Java still takes the two-digit decimal nearest to the
  // value unless its second digit is 0 (then the one digit, which is the same number).
  for (let digits = 2; digits <= 9; digits++) {
    const shift = digits - 1 - exponent;
    const scaled = shift >= 0 ? abs * POWERS_OF_TEN[shift]! : abs / POWERS_OF_TEN[-shift]!;
    const below = Math.floor(scaled);
    // The product is off by at most half a unit in its last place (scaled × 2^-53): that close to
    // a tie, the exact value could be on the other side. Then neither neighbour may read back
    // (go on with one more digit); if one does, the exact conversion decides.
    if (Math.abs(scaled - below - 0.5) <= scaled * 4e-16) {
      if (readsBack(below, shift, abs) || readsBack(below + 1, shift, abs)) return undefined;
      continue;
    }
    const rounded = Math.round(scaled);
    // Rounded up to the next power of ten (99.75 to 100 with two digits): should that read back,
    // the exact conversion decides how Java spells it; else more digits are needed.
    if (rounded >= POWERS_OF_TEN[digits]!) {
      if (readsBack(rounded, shift, abs)) return undefined;
      continue;
    }
    if (readsBack(rounded, shift, abs)) return unscale(rounded, shift);
  }
  return undefined;
}

/** Float.toString by decimal conversions: any float, the reference the fast path must match. */
export function exactFloatToString(value: number): string {
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
