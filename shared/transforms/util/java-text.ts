// How Java prints numbers (Double.toString, Float.toString), so that values SMTs turn into text
// read exactly as Kafka Connect's do: 1.0 not 1, 1.0E10 not 10000000000.

/** Java's Double.toString. */
export function javaDoubleToString(value: number): string {
  return javaFloatingToString(value, shortestDigits(value, false));
}

/** Java's Float.toString for a value already rounded to float32. */
export function javaFloatToString(value: number): string {
  return javaFloatingToString(value, shortestDigits(value, true));
}

/** The shortest decimal digits and exponent that read back as `value` (in float32 when `single`). */
function shortestDigits(value: number, single: boolean): { digits: string; exponent: number } {
  let text = Math.abs(value).toExponential();
  if (single) {
    for (let precision = 1; precision <= 9; precision++) {
      const candidate = Math.abs(value).toExponential(precision - 1);
      if (Math.fround(Number(candidate)) === Math.abs(value)) {
        text = candidate;
        break;
      }
    }
  }
  const [mantissa, exp] = text.split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exponent: Number(exp) };
}

function javaFloatingToString(value: number, { digits, exponent }: { digits: string; exponent: number }) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0.0`;
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1) || '0';
      return `${sign}${whole}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}
