// java.text.SimpleDateFormat, in UTC and the default (US English) locale, for the patterns Kafka's
// TimestampConverter, TimestampRouter and Values use. Dates are in Java's calendar (Julian before
// 1582-10-15, see java-calendar.ts) and may lie beyond JavaScript's range (WideDate). Formatting
// supports every pattern letter; parsing is lenient as Java's is by default (out-of-range fields
// roll over, spaces before numbers and zones are skipped, trailing text is ignored), resolves the
// fields as GregorianCalendar does, and reads zone names, switching the format to that zone as Java
// does.
import { IllegalArgumentError } from '../errors.ts';
import {
  CUTOVER_DAY,
  CUTOVER_YEAR,
  civilDate,
  DAY_MS,
  dayOfWeek,
  firstDayOfMonth,
  firstDayOfYear,
  gregorianDay,
  julianDay,
} from './java-calendar.ts';
import { JAVA_ZONES, type JavaZone, offsetAt, rawOffsetAt, UTC_ZONE } from './java-time-zone.ts';
import { dateFromMillis } from './logical-schemas.ts';
import { epochMillis } from './wide-date.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const NUMERIC = new Set(['y', 'Y', 'w', 'W', 'D', 'd', 'F', 'u', 'H', 'k', 'K', 'h', 'm', 's', 'S']);
/** Letters whose text the UTC calendar day alone decides (while the format is in UTC). */
const DAY_FIXED = new Set(['G', 'y', 'Y', 'M', 'L', 'w', 'W', 'D', 'd', 'F', 'E', 'u', 'z', 'Z', 'X']);

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

export class SimpleDateFormat {
  readonly pattern: string;
  readonly #tokens: Token[];
  /** The span of time that formats to one text: a UTC day for date-only patterns, else 1 ms. */
  readonly #periodMillis: number;
  #lastPeriod = Number.NaN;
  #lastText = '';
  /** UTC until a parse reads a zone name (SimpleDateFormat.setTimeZone), then that zone. */
  #zone: JavaZone = UTC_ZONE;

  /** Throws Java's IllegalArgumentException text for a pattern SimpleDateFormat would refuse. */
  constructor(pattern: string) {
    this.pattern = pattern;
    this.#tokens = compile(pattern);
    const dateOnly = this.#tokens.every((t) => t.kind === 'literal' || DAY_FIXED.has(t.letter));
    this.#periodMillis = dateOnly ? DAY_MS : 1;
  }

  /**
   * format(new Date(millis)), remembering the last text: records arrive in time order, so a
   * date-only pattern (TimestampRouter's yyyyMMdd) formats each day once.
   */
  formatEpochMillis(millis: number): string {
    if (this.#zone !== UTC_ZONE) return this.format(dateFromMillis(millis));
    const period = Math.floor(millis / this.#periodMillis);
    if (period !== this.#lastPeriod) {
      this.#lastText = this.format(dateFromMillis(millis));
      this.#lastPeriod = period;
    }
    return this.#lastText;
  }

  toPattern(): string {
    return this.pattern;
  }

  format(date: Date): string {
    const millis = epochMillis(date);
    let zone: ZoneText = UTC_TEXT;
    let fields: CalendarFields;
    if (this.#zone === UTC_ZONE) fields = calendarFields(millis);
    else {
      const offset = typeof millis === 'number' ? offsetAt(this.#zone, millis) : this.#zone.rawOffset;
      const daylight = typeof millis === 'number' && offset !== rawOffsetAt(this.#zone, millis);
      zone = { offset, short: this.#zone.names[daylight ? 3 : 1], long: this.#zone.names[daylight ? 2 : 0] };
      fields = calendarFields(typeof millis === 'number' ? millis + offset : millis + BigInt(offset));
    }
    let out = '';
    for (const token of this.#tokens) {
      out += token.kind === 'literal' ? token.text : formatField(token.letter, token.count, fields, zone);
    }
    return out;
  }

  /** DateFormat.parse(String): the date, or null where Java throws ParseException. */
  parse(text: string): Date | null {
    const fields = new ParsedFields();
    fields.formatZone = this.#zone;
    try {
      return this.#parse(text, fields);
    } finally {
      // Java switches the format's zone as soon as it reads a zone name, even if the parse then fails.
      if (fields.switchTo !== undefined) this.#zone = fields.switchTo;
    }
  }

  #parse(text: string, fields: ParsedFields): Date | null {
    let pos = 0;
    for (let i = 0; i < this.#tokens.length; i++) {
      const token = this.#tokens[i]!;
      if (token.kind === 'literal') {
        if (!text.startsWith(token.text, pos)) return null;
        pos += token.text.length;
        continue;
      }
      // Java's shouldObeyCount: a number directly followed by another number field reads only
      // as many characters as its pattern letters.
      const next = this.#tokens[i + 1];
      const abutting =
        next !== undefined &&
        next.kind === 'field' &&
        (NUMERIC.has(next.letter) || ((next.letter === 'M' || next.letter === 'L') && next.count < 3));
      const end = parseField(token.letter, token.count, text, pos, abutting, fields);
      if (end < 0) return null;
      pos = end;
    }
    return toDate(fields);
  }
}

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new IllegalArgumentError('Unterminated quote');
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      literal(text);
      i = j + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.includes(c)) throw new IllegalArgumentError(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      tokens.push({ kind: 'field', letter: c, count });
      i += count;
    } else {
      literal(c);
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number) => {
  const digits = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${digits}` : digits;
};

/** The calendar fields Java's GregorianCalendar (UTC, US week rules) gives an instant. */
interface CalendarFields {
  /** Astronomical year (0 = 1 BC). */
  year: number;
  month0: number;
  day: number;
  dayOfWeek: number;
  dayOfYear: number;
  weekOfYear: number;
  weekYear: number;
  weekOfMonth: number;
  dayOfWeekInMonth: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
}

/** Week number of `epochDay` in a period starting on `firstDay`, weeks starting on Sunday, week 1 holding the first day. */
function weekNumber(firstDay: number, epochDay: number): number {
  return Math.floor((epochDay - firstDay + dayOfWeek(firstDay)) / 7) + 1;
}

function calendarFields(millis: number | bigint): CalendarFields {
  let epochDay: number;
  let ofDay: number;
  if (typeof millis === 'bigint') {
    // Beyond JavaScript's Date range (a WideDate): the day count still fits a double exactly.
    const day = millis / 86_400_000n - (millis % 86_400_000n < 0n ? 1n : 0n);
    epochDay = Number(day);
    ofDay = Number(millis - day * 86_400_000n);
  } else {
    epochDay = Math.floor(millis / DAY_MS);
    ofDay = millis - epochDay * DAY_MS;
  }
  const { year, month, day } = civilDate(epochDay);
  const jan1 = firstDayOfYear(year);
  const month1 = firstDayOfMonth(year, month);
  let weekOfYear = weekNumber(jan1, epochDay);
  let weekYear = year;
  // The last days of December belong to week 1 of the next year when that week starts this year.
  const nextJan1 = firstDayOfYear(year + 1);
  if (month === 12 && epochDay - dayOfWeek(epochDay) + 6 >= nextJan1 && dayOfWeek(nextJan1) !== 0) {
    weekOfYear = 1;
    weekYear = year + 1;
  }
  return {
    year,
    month0: month - 1,
    day,
    dayOfWeek: dayOfWeek(epochDay),
    dayOfYear: epochDay - jan1 + 1,
    weekOfYear,
    weekYear,
    weekOfMonth: weekNumber(month1, epochDay),
    dayOfWeekInMonth: Math.floor((epochDay - month1) / 7) + 1,
    hour: Math.floor(ofDay / 3_600_000),
    minute: Math.floor(ofDay / 60_000) % 60,
    second: Math.floor(ofDay / 1000) % 60,
    millis: ofDay % 1000,
  };
}

/** The zone as the format writes it: its offset then, and its short and long names. */
interface ZoneText {
  offset: number;
  short: string;
  long: string;
}

const UTC_TEXT: ZoneText = { offset: 0, short: 'UTC', long: 'Coordinated Universal Time' };

function formatOffset(offsetMillis: number, colon: boolean, withMinutes = true): string {
  const minutes = Math.abs(offsetMillis) / 60_000;
  const hh = pad(Math.floor(minutes / 60), 2);
  const mm = pad(minutes % 60, 2);
  return `${offsetMillis < 0 ? '-' : '+'}${hh}${withMinutes ? (colon ? ':' : '') + mm : ''}`;
}

function formatField(letter: string, count: number, f: CalendarFields, zone: ZoneText): string {
  switch (letter) {
    case 'G':
      return f.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const value = letter === 'y' ? (f.year > 0 ? f.year : 1 - f.year) : f.weekYear;
      return count === 2 ? pad(value % 100, 2) : pad(value, count);
    }
    case 'M':
    case 'L': {
      if (count >= 4) return MONTHS[f.month0]!;
      if (count === 3) return MONTHS[f.month0]!.slice(0, 3);
      return pad(f.month0 + 1, count);
    }
    case 'w':
      return pad(f.weekOfYear, count);
    case 'W':
      return pad(f.weekOfMonth, count);
    case 'D':
      return pad(f.dayOfYear, count);
    case 'd':
      return pad(f.day, count);
    case 'F':
      return pad(f.dayOfWeekInMonth, count);
    case 'E': {
      const day = DAYS[f.dayOfWeek]!;
      return count >= 4 ? day : day.slice(0, 3);
    }
    case 'u':
      return pad(f.dayOfWeek === 0 ? 7 : f.dayOfWeek, count);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(f.millis, count);
    case 'z':
      return count >= 4 ? zone.long : zone.short;
    case 'Z':
      return formatOffset(zone.offset, false);
    default:
      // 'X': ISO 8601 zone, "Z" for UTC whatever the width.
      if (zone.offset === 0) return 'Z';
      return formatOffset(zone.offset, count >= 3, count >= 2);
  }
}

/** The fields a parse sets, each with the order it was set in (Java's calendar resolves with the most recent). */
class ParsedFields {
  readonly values = new Map<string, number>();
  readonly stamps = new Map<string, number>();
  #stamp = 0;
  twoDigitYear = false;
  offsetMillis: number | undefined;
  /** The zone the format reads local times in (Java's calendar zone), and a zone name read switches it to. */
  formatZone: JavaZone = UTC_ZONE;
  switchTo: JavaZone | undefined;
  /** After a zone name: the daylight saving it names (its raw offset then comes from the zone), or undefined where the zone's rules decide. */
  dstMillis: number | undefined;

  set(field: string, value: number): void {
    this.values.set(field, value);
    this.stamps.set(field, ++this.#stamp);
  }

  get(field: string, otherwise: number): number {
    return this.values.get(field) ?? otherwise;
  }

  stamp(field: string): number {
    return this.stamps.get(field) ?? 0;
  }
}

const ERAS = ['BC', 'AD'];
const AM_PM = ['AM', 'PM'];
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = DAYS.map((d) => d.slice(0, 3));

const regionMatches = (text: string, start: number, name: string) =>
  name.length > 0 &&
  start + name.length <= text.length &&
  text.slice(start, start + name.length).toLowerCase() === name.toLowerCase();

/** SimpleDateFormat.matchString: the longest of `names` (ignoring case) at `start`, as [index, end]. */
function matchString(text: string, start: number, names: readonly string[]): [number, number] | null {
  let best = -1;
  let bestLength = 0;
  names.forEach((name, index) => {
    if (name.length > bestLength && regionMatches(text, start, name)) {
      best = index;
      bestLength = name.length;
    }
  });
  return best < 0 ? null : [best, start + bestLength];
}

const isAsciiDigit = (c: number) => c >= 48 && c <= 57;
const UNICODE_DIGIT = /\p{Nd}/u;

/** Character.digit(c, 10) for one UTF-16 unit (the decimal digits of the BMP), or -1. */
function decimalDigit(ch: string): number {
  const code = ch.charCodeAt(0);
  if (isAsciiDigit(code)) return code - 48;
  if (code < 128 || !UNICODE_DIGIT.test(ch)) return -1;
  // Unicode lays out every decimal digit set as ten consecutive code points from zero.
  for (let zero = code; zero > code - 10; zero--) {
    if (!UNICODE_DIGIT.test(String.fromCharCode(zero - 1))) return code - zero;
  }
  return -1;
}

/**
 * The DecimalFormat SimpleDateFormat reads numbers with (integers only, no grouping): an optional
 * '-', then decimal digits of any script, up to `limit`; its intValue(), as [value, end].
 */
function parseInteger(text: string, pos: number, limit: number): [number, number] | null {
  const mantissa = readDigits(text, pos, limit);
  if (mantissa === null) return null;
  let [value, end] = mantissa;
  let integral = true;
  // DecimalFormat reads an exponent ("2E3") even for integers; a bad one is left unread.
  if (text[end] === 'E') {
    const exponent = readDigits(text, end + 1, limit);
    if (exponent !== null && exponent[0] >= -(2n ** 63n) && exponent[0] < 2n ** 63n) {
      end = exponent[1];
      const power = exponent[0];
      if (value !== 0n && power > 40n) value = value > 0n ? 2n ** 64n : -(2n ** 64n);
      else if (power >= 0n) value *= 10n ** power;
      else {
        const divisor = 10n ** (-power > 40n ? 40n : -power);
        integral = value % divisor === 0n;
        value /= divisor;
      }
    }
  }
  // An integral value within a long is a Long, whose intValue() keeps the low 32 bits; anything else
  // is a Double, whose intValue() truncates and saturates.
  if (integral && value >= -(2n ** 63n) && value < 2n ** 63n) return [Number(BigInt.asIntN(32, value)), end];
  if (value > 2147483647n) return [2147483647, end];
  if (value < -2147483648n) return [-2147483648, end];
  return [Number(value), end];
}

/** An optional '-' and decimal digits of any script, up to `limit`, as [value, end]. */
function readDigits(text: string, pos: number, limit: number): [bigint, number] | null {
  let end = pos;
  const negative = text[end] === '-';
  if (negative) end++;
  let digits = '';
  while (end < limit) {
    const digit = decimalDigit(text[end]!);
    if (digit < 0) break;
    digits += digit;
    end++;
  }
  if (digits === '') return null;
  const magnitude = BigInt(digits);
  return [negative ? -magnitude : magnitude, end];
}

/** SimpleDateFormat.subParseNumericZone: [+-] already read; hh, then mm (after ':' when `colon`). */
function parseNumericZone(
  text: string,
  start: number,
  sign: number,
  count: number,
  colon: boolean,
  fields: ParsedFields,
): number {
  let index = start;
  const digit = () =>
    index < text.length && isAsciiDigit(text.charCodeAt(index)) ? text.charCodeAt(index) - 48 : -1;
  if (index >= text.length) return -1;
  let hours = digit();
  if (hours < 0) return -1;
  index++;
  if (index >= text.length) return -1;
  const second = digit();
  if (second >= 0) {
    hours = hours * 10 + second;
    index++;
  } else if (count > 0 || !colon) return -1;
  if (hours > 23) return -1;
  let minutes = 0;
  if (count !== 1) {
    if (index >= text.length) return -1;
    if (colon) {
      if (text[index] !== ':') return -1;
      index++;
    }
    const tens = digit();
    if (tens < 0) return -1;
    index++;
    const ones = digit();
    if (ones < 0) return -1;
    index++;
    minutes = tens * 10 + ones;
    if (minutes > 59) return -1;
  }
  fields.offsetMillis = sign * (hours * 60 + minutes) * 60_000;
  return index;
}

/** 'z' and 'Z': an RFC 822 offset, GMT with an optional "+h:mm", or a zone name Java knows. */
function parseZone(text: string, pos: number, fields: ParsedFields): number {
  const c = text[pos];
  if (c === '+' || c === '-') return parseNumericZone(text, pos + 1, c === '-' ? -1 : 1, 0, false, fields);
  if ((c === 'G' || c === 'g') && regionMatches(text, pos, 'GMT')) {
    const after = pos + 3;
    const sign = text[after];
    if (sign !== '+' && sign !== '-') {
      fields.offsetMillis = 0;
      return after;
    }
    return parseNumericZone(text, after + 1, sign === '-' ? -1 : 1, 0, true, fields);
  }
  // The first zone (the format's own zone, then the JVM's, UTC, then the JDK's table) with a name
  // that starts the text, each zone's names tried in order. The format switches to that zone. A
  // standard-time name means the zone's raw offset, a daylight-time name that plus its DST savings;
  // where both names are the same, or the zone has no DST savings, the zone's rules decide. (Java
  // takes the raw offset the zone had at that date; the table holds today's.)
  for (const zone of [fields.formatZone, UTC_ZONE, ...JAVA_ZONES]) {
    for (let i = 0; i < 4; i++) {
      const name = zone.names[i]!;
      if (!regionMatches(text, pos, name)) continue;
      fields.switchTo = zone;
      const daylight = i >= 2;
      const sameName = i < 2 && name.toLowerCase() === zone.names[i + 2]!.toLowerCase();
      fields.offsetMillis = undefined;
      // The raw offset the zone had then is known only once the date is: see toMillis.
      fields.dstMillis =
        sameName || (daylight && zone.dstSavings === 0) ? undefined : daylight ? zone.dstSavings : 0;
      return pos + name.length;
    }
  }
  return -1;
}

/** 'X': "Z", or +hh (X), +hhmm (XX), +hh:mm (XXX). */
function parseIsoZone(text: string, pos: number, count: number, fields: ParsedFields): number {
  const c = text[pos];
  if (c === 'Z') {
    fields.offsetMillis = 0;
    return pos + 1;
  }
  if (c !== '+' && c !== '-') return -1;
  return parseNumericZone(text, pos + 1, c === '-' ? -1 : 1, count, count === 3, fields);
}

/** SimpleDateFormat.subParse for one field at `start`; the end, or -1 where Java fails. */
function parseField(
  letter: string,
  count: number,
  text: string,
  start: number,
  obeyCount: boolean,
  fields: ParsedFields,
): number {
  // Java skips spaces and tabs before a field, and fails at the end of the text. Text fields are
  // then matched at `start` all the same (so a space before them is not skipped); numbers and
  // zones after the spaces.
  let pos = start;
  for (;;) {
    if (pos >= text.length) return -1;
    const c = text[pos];
    if (c !== ' ' && c !== '\t') break;
    pos++;
  }
  const text3 = (field: string, ...lists: (readonly string[])[]) => {
    for (const names of lists) {
      const match = matchString(text, start, names);
      if (match !== null) {
        fields.set(field, match[0]);
        return match[1];
      }
    }
    return -1;
  };
  switch (letter) {
    case 'G':
      return text3('era', ERAS);
    case 'E':
      return text3('dayOfWeek', DAYS, SHORT_DAYS);
    case 'a':
      return text3('ampm', AM_PM);
    case 'z':
    case 'Z':
      return parseZone(text, pos, fields);
    case 'X':
      return parseIsoZone(text, pos, count, fields);
    case 'M':
    case 'L':
      if (count >= 3) return text3('month', MONTHS, SHORT_MONTHS);
  }
  // The number is read from a copy of the text cut `count` characters after the field's start
  // (before the spaces skipped), as Java does.
  if (obeyCount && start + count > text.length) return -1;
  const parsed = parseInteger(text, pos, obeyCount ? start + count : text.length);
  if (parsed === null) return -1;
  const [value, end] = parsed;
  switch (letter) {
    case 'y':
    case 'Y':
      fields.set(letter === 'y' ? 'year' : 'weekYear', value);
      if (
        count <= 2 &&
        end - pos === 2 &&
        UNICODE_DIGIT.test(text[pos]!) &&
        UNICODE_DIGIT.test(text[pos + 1]!)
      )
        fields.twoDigitYear = true;
      break;
    case 'M':
    case 'L':
      fields.set('month', value - 1);
      break;
    case 'd':
      fields.set('day', value);
      break;
    case 'D':
      fields.set('dayOfYear', value);
      break;
    case 'H':
      fields.set('hourOfDay', value);
      break;
    case 'k':
      fields.set('hourOfDay', value === 24 ? 0 : value);
      break;
    case 'K':
      fields.set('hour', value);
      break;
    case 'h':
      fields.set('hour', value === 12 ? 0 : value);
      break;
    case 'm':
      fields.set('minute', value);
      break;
    case 's':
      fields.set('second', value);
      break;
    case 'S':
      fields.set('millis', value);
      break;
    case 'u':
      // ISO day of week (Monday 1) to Calendar's index from Sunday 0.
      fields.set('dayOfWeek', value % 7);
      break;
    case 'w':
      fields.set('weekOfYear', value);
      break;
    case 'W':
      fields.set('weekOfMonth', value);
      break;
    case 'F':
      fields.set('dayOfWeekInMonth', value);
      break;
  }
  return end;
}

/** Milliseconds since the epoch of `centuryStartYear`'s Java equivalent: 80 years before now. */
function defaultCenturyStart(): number {
  const now = new Date();
  const start = new Date(now.getTime());
  start.setUTCFullYear(now.getUTCFullYear() - 80);
  return start.getTime();
}

function toDate(fields: ParsedFields): Date {
  let year = fields.get('year', 1970);
  let ambiguous = false;
  if (fields.twoDigitYear) {
    // Java puts two-digit years within 80 years before and 20 years after now.
    const startYear = new Date(defaultCenturyStart()).getUTCFullYear();
    ambiguous = year === startYear % 100;
    year += Math.floor(startYear / 100) * 100 + (year < startYear % 100 ? 100 : 0);
  }
  let millis = toMillis(fields, year);
  // The one two-digit year that could be either century is the later one if the earlier falls before the start.
  if (ambiguous && millis < defaultCenturyStart()) millis = toMillis(fields, year + 100);
  return dateFromMillis(millis);
}

/** GregorianCalendar.computeTime for the parsed fields, in UTC or the parsed zone offset. */
function toMillis(fields: ParsedFields, yearOfEra: number): number | bigint {
  const year = fields.get('era', 1) === 0 ? 1 - yearOfEra : yearOfEra;
  // The hour: HOUR_OF_DAY, or HOUR (+12 after PM), whichever group was set last.
  const hourOfDayStamp = fields.stamp('hourOfDay');
  const hourStamp =
    fields.stamp('hour') && fields.stamp('ampm') ? Math.max(fields.stamp('hour'), fields.stamp('ampm')) : 0;
  let hour: number;
  if (hourOfDayStamp > 0 && hourOfDayStamp >= hourStamp) hour = fields.get('hourOfDay', 0);
  else hour = fields.get('hour', 0) + 12 * fields.get('ampm', 0);
  let timeOfDay =
    ((hour * 60 + fields.get('minute', 0)) * 60 + fields.get('second', 0)) * 1000 + fields.get('millis', 0);
  const extraDays = Math.floor(timeOfDay / DAY_MS);
  timeOfDay -= extraDays * DAY_MS;
  const day = dayOf(fields, year) + extraDays;
  const local = day * DAY_MS + timeOfDay;
  // Without an offset in the text, the zone's offset at that wall-clock time.
  const zone = fields.switchTo ?? fields.formatZone;
  let offset: number;
  if (fields.offsetMillis !== undefined) offset = fields.offsetMillis;
  else if (zone === UTC_ZONE) offset = 0;
  else if (fields.dstMillis !== undefined)
    offset = rawOffsetAt(zone, local - zone.rawOffset) + fields.dstMillis;
  else offset = offsetAt(zone, local - zone.rawOffset);
  const millis = local - offset;
  if (Number.isSafeInteger(millis)) return millis;
  // Beyond 2^53 ms (285,000 years) a double is not exact: Java's long arithmetic, wrapping as it does.
  return BigInt.asIntN(64, BigInt(day) * 86_400_000n + BigInt(timeOfDay) - BigInt(offset));
}

/** The day since the epoch the date fields name (Java's selectFields and getFixedDate, US week rules). */
function dayOf(fields: ParsedFields, year: number): number {
  // A week-based year set after the year: CalendarBuilder's setWeekDate.
  if (fields.stamp('weekYear') > fields.stamp('year')) {
    const jan1 = firstDayOfYear(fields.get('weekYear', 1970));
    const week1 = jan1 - dayOfWeek(jan1);
    return week1 + 7 * (fields.get('weekOfYear', 1) - 1) + fields.get('dayOfWeek', 0);
  }
  const mask = selectDateFields(fields);
  // GregorianCalendar.computeTime's choice of calendar: the year as written decides; in the
  // cut-over year a day or week of the year counts in the Julian calendar, a day of a month in the
  // Gregorian one when that falls on or after the cut-over.
  if (year < CUTOVER_YEAR) return fixedDate(julianDay, year, fields, mask);
  const gregorian = fixedDate(gregorianDay, year, fields, mask);
  if (year > CUTOVER_YEAR && gregorian >= CUTOVER_DAY) return gregorian;
  const julian = fixedDate(julianDay, year, fields, mask);
  if (year > CUTOVER_YEAR || mask.has('dayOfYear') || mask.has('weekOfYear')) return julian;
  return gregorian >= CUTOVER_DAY ? gregorian : julian;
}

/** Calendar.selectFields for the date: which fields name the day, the most recently set group winning. */
function selectDateFields(fields: ParsedFields): Set<string> {
  const stamp = (field: string) => fields.stamp(field);
  const both = (a: number, b: number) => (a === 0 || b === 0 ? 0 : Math.max(a, b));
  const dowStamp = stamp('dayOfWeek');
  let domStamp = stamp('day');
  let womStamp = both(stamp('weekOfMonth'), dowStamp);
  let dowimStamp = both(stamp('dayOfWeekInMonth'), dowStamp);
  const doyStamp = stamp('dayOfYear');
  let woyStamp = both(stamp('weekOfYear'), dowStamp);
  let best = Math.max(domStamp, womStamp, dowimStamp, doyStamp, woyStamp);
  if (best === 0) {
    womStamp = stamp('weekOfMonth');
    dowimStamp = Math.max(stamp('dayOfWeekInMonth'), dowStamp);
    woyStamp = stamp('weekOfYear');
    best = Math.max(womStamp, dowimStamp, woyStamp);
    if (best === 0) {
      domStamp = stamp('month');
      best = domStamp;
    }
  }
  const mask = new Set<string>();
  if (
    best === domStamp ||
    (best === womStamp && stamp('weekOfMonth') >= stamp('weekOfYear')) ||
    (best === dowimStamp && stamp('dayOfWeekInMonth') >= stamp('weekOfYear'))
  ) {
    mask.add('month');
    if (best === domStamp) mask.add('day');
    else {
      if (dowStamp !== 0) mask.add('dayOfWeek');
      if (womStamp === dowimStamp) {
        // Java gives WEEK_OF_MONTH the priority when both were set at once.
        mask.add(stamp('weekOfMonth') >= stamp('dayOfWeekInMonth') ? 'weekOfMonth' : 'dayOfWeekInMonth');
      } else if (best === womStamp) mask.add('weekOfMonth');
      else if (stamp('dayOfWeekInMonth') !== 0) mask.add('dayOfWeekInMonth');
    }
  } else if (best === doyStamp) mask.add('dayOfYear');
  else {
    if (dowStamp !== 0) mask.add('dayOfWeek');
    mask.add('weekOfYear');
  }
  return mask;
}

/** The day on or before `day` that falls on `dow` (0 = Sunday). */
const weekdayOnOrBefore = (day: number, dow: number) => day - ((dayOfWeek(day) - dow + 7) % 7);

/** GregorianCalendar.getFixedDate in one calendar, weeks starting on Sunday with one day enough for week 1. */
function fixedDate(
  calendar: (year: number, month: number, day: number) => number,
  yearValue: number,
  fields: ParsedFields,
  mask: Set<string>,
): number {
  let year = yearValue;
  let month0 = 0;
  if (mask.has('month')) {
    const month = fields.get('month', 0);
    year += Math.floor(month / 12);
    month0 = ((month % 12) + 12) % 12;
  }
  const first = calendar(year, month0 + 1, 1);
  const dayOfWeekField = mask.has('dayOfWeek') ? fields.get('dayOfWeek', 0) : 0;
  if (mask.has('month')) {
    if (mask.has('day')) return first + fields.get('day', 1) - 1;
    if (mask.has('weekOfMonth')) {
      let start = weekdayOnOrBefore(first, 0);
      if (mask.has('dayOfWeek')) start = weekdayOnOrBefore(start + 6, dayOfWeekField);
      return start + 7 * (fields.get('weekOfMonth', 0) - 1);
    }
    const dowim = mask.has('dayOfWeekInMonth') ? fields.get('dayOfWeekInMonth', 1) : 1;
    if (dowim >= 0) return weekdayOnOrBefore(first + 7 * dowim - 1, dayOfWeekField);
    const monthLength = calendar(year, month0 + 2, 1) - first;
    return weekdayOnOrBefore(first + monthLength + 7 * (dowim + 1) - 1, dayOfWeekField);
  }
  if (mask.has('dayOfYear')) return first + fields.get('dayOfYear', 1) - 1;
  let start = weekdayOnOrBefore(first, 0);
  if (mask.has('dayOfWeek') && dayOfWeekField !== 0) start = weekdayOnOrBefore(start + 6, dayOfWeekField);
  return start + 7 * (fields.get('weekOfYear', 1) - 1);
}

const DATE_TO_STRING = new SimpleDateFormat('EEE MMM dd HH:mm:ss');

/** java.util.Date.toString in UTC ("Wed Jan 01 00:00:00 UTC 2020"): the year of the era, unpadded, BC or AD alike. */
export function javaDateToString(date: Date): string {
  const year = calendarFields(epochMillis(date)).year;
  return `${DATE_TO_STRING.format(date)} UTC ${year > 0 ? year : 1 - year}`;
}
