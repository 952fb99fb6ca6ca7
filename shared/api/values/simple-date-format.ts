// java.text.SimpleDateFormat, in UTC and the default (US English) locale, for the patterns Kafka's
// TimestampConverter and TimestampRouter accept. Formatting supports every pattern letter; parsing
// is lenient as Java's is by default (out-of-range fields roll over, trailing text is ignored).
import { IllegalArgumentError } from '../errors.ts';
import { dateFromMillis } from './logical-schemas.ts';

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
const DAY_MS = 86_400_000;
/** Letters whose text the UTC calendar day alone decides (time zones are fixed: we format in UTC). */
const DAY_FIXED = new Set(['G', 'y', 'Y', 'M', 'L', 'w', 'W', 'D', 'd', 'F', 'E', 'u', 'z', 'Z', 'X']);

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

export class SimpleDateFormat {
  readonly pattern: string;
  readonly #tokens: Token[];
  /** The span of time that formats to one text: a UTC day for date-only patterns, else 1 ms. */
  readonly #periodMillis: number;
  #lastPeriod = Number.NaN;
  #lastText = '';

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
    let out = '';
    for (const token of this.#tokens) {
      out += token.kind === 'literal' ? token.text : formatField(token.letter, token.count, date);
    }
    return out;
  }

  /** DateFormat.parse(String): the date, or null where Java throws ParseException. */
  parse(text: string): Date | null {
    const fields: ParsedFields = {};
    let pos = 0;
    for (let i = 0; i < this.#tokens.length; i++) {
      const token = this.#tokens[i]!;
      if (token.kind === 'literal') {
        if (!text.startsWith(token.text, pos)) return null;
        pos += token.text.length;
        continue;
      }
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

function dayOfYear(date: Date): number {
  return Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
}

/** Week of year and week-based year with the US rules Java's default locale uses (weeks start Sunday, week 1 holds 1 January). */
function weekOfYear(date: Date): { week: number; weekYear: number } {
  const year = date.getUTCFullYear();
  const dow = date.getUTCDay();
  const nextJan1 = Date.UTC(year + 1, 0, 1);
  const endOfWeek = date.getTime() - (date.getTime() % DAY_MS) + (6 - dow) * DAY_MS;
  if (endOfWeek >= nextJan1) return { week: 1, weekYear: year + 1 };
  const jan1Dow = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  return { week: Math.floor((dayOfYear(date) - 1 + jan1Dow) / 7) + 1, weekYear: year };
}

function formatField(letter: string, count: number, date: Date): string {
  const year = date.getUTCFullYear();
  switch (letter) {
    case 'G':
      return year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y': {
      const value = letter === 'y' ? (year > 0 ? year : 1 - year) : weekOfYear(date).weekYear;
      return count === 2 ? pad(value % 100, 2) : pad(value, count);
    }
    case 'M':
    case 'L': {
      const month = date.getUTCMonth();
      if (count >= 4) return MONTHS[month]!;
      if (count === 3) return MONTHS[month]!.slice(0, 3);
      return pad(month + 1, count);
    }
    case 'w':
      return pad(weekOfYear(date).week, count);
    case 'W': {
      const firstDow = new Date(Date.UTC(year, date.getUTCMonth(), 1)).getUTCDay();
      return pad(Math.floor((date.getUTCDate() - 1 + firstDow) / 7) + 1, count);
    }
    case 'D':
      return pad(dayOfYear(date), count);
    case 'd':
      return pad(date.getUTCDate(), count);
    case 'F':
      return pad(Math.floor((date.getUTCDate() - 1) / 7) + 1, count);
    case 'E': {
      const day = DAYS[date.getUTCDay()]!;
      return count >= 4 ? day : day.slice(0, 3);
    }
    case 'u':
      return pad(date.getUTCDay() === 0 ? 7 : date.getUTCDay(), count);
    case 'a':
      return date.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(date.getUTCHours(), count);
    case 'k':
      return pad(date.getUTCHours() === 0 ? 24 : date.getUTCHours(), count);
    case 'K':
      return pad(date.getUTCHours() % 12, count);
    case 'h':
      return pad(date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12, count);
    case 'm':
      return pad(date.getUTCMinutes(), count);
    case 's':
      return pad(date.getUTCSeconds(), count);
    case 'S':
      return pad(date.getUTCMilliseconds(), count);
    case 'z':
      return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z':
      return '+0000';
    default:
      // 'X': ISO 8601 zone, which is "Z" for UTC whatever the width.
      return 'Z';
  }
}

interface ParsedFields {
  year?: number;
  twoDigitYear?: boolean;
  bc?: boolean;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  /** Which hour field was set last: Java's calendar resolves with the most recent one. */
  hourFromDay?: boolean;
  pm?: boolean;
  minute?: number;
  second?: number;
  millis?: number;
  offsetMinutes?: number;
}

function parseNumber(text: string, pos: number, width: number | null): [number, number] | null {
  let end = pos;
  let sign = 1;
  if (width === null && (text[end] === '-' || text[end] === '+')) {
    sign = text[end] === '-' ? -1 : 1;
    end++;
  }
  const start = end;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) {
    if (width !== null && end - start >= width) break;
    end++;
  }
  if (end === start) return null;
  return [sign * Number(text.slice(start, end)), end];
}

function parseText(text: string, pos: number, names: readonly string[]): [number, number] | null {
  // Longest match first, full names before abbreviations, ignoring case, as Java does.
  let best: [number, number] | null = null;
  names.forEach((name, index) => {
    for (const candidate of [name, name.slice(0, 3)]) {
      if (text.slice(pos, pos + candidate.length).toLowerCase() === candidate.toLowerCase()) {
        if (best === null || candidate.length > best[1] - pos) best = [index, pos + candidate.length];
      }
    }
  });
  return best;
}

function parseZone(text: string, pos: number, fields: ParsedFields): number {
  const rest = text.slice(pos);
  if (rest.startsWith('Z')) {
    fields.offsetMinutes = 0;
    return pos + 1;
  }
  const named = /^(Coordinated Universal Time|Greenwich Mean Time|UTC|GMT|UT)/.exec(rest);
  let at = pos + (named ? named[0].length : 0);
  const offset = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(at));
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3] ?? 0);
    fields.offsetMinutes = offset[1] === '-' ? -minutes : minutes;
    return at + offset[0].length;
  }
  if (named) {
    fields.offsetMinutes = 0;
    return at;
  }
  at = -1;
  return at;
}

function parseField(
  letter: string,
  count: number,
  text: string,
  pos: number,
  abutting: boolean,
  fields: ParsedFields,
): number {
  if (letter === 'M' || letter === 'L') {
    if (count >= 3) {
      const parsed = parseText(text, pos, MONTHS);
      if (parsed === null) return -1;
      fields.month = parsed[0];
      return parsed[1];
    }
  } else if (letter === 'E') {
    const parsed = parseText(text, pos, DAYS);
    return parsed === null ? -1 : parsed[1];
  } else if (letter === 'a') {
    const parsed = parseText(text, pos, ['AM', 'PM']);
    if (parsed === null) return -1;
    fields.pm = parsed[0] === 1;
    return parsed[1];
  } else if (letter === 'G') {
    const parsed = parseText(text, pos, ['BC', 'AD']);
    if (parsed === null) return -1;
    fields.bc = parsed[0] === 0;
    return parsed[1];
  } else if (letter === 'z' || letter === 'Z' || letter === 'X') {
    return parseZone(text, pos, fields);
  }
  const parsed = parseNumber(text, pos, abutting ? count : null);
  if (parsed === null) return -1;
  const [value, end] = parsed;
  switch (letter) {
    case 'y':
    case 'Y':
      fields.year = value;
      fields.twoDigitYear = count <= 2 && end - pos === 2;
      break;
    case 'M':
    case 'L':
      fields.month = value - 1;
      break;
    case 'd':
      fields.day = value;
      break;
    case 'D':
      fields.dayOfYear = value;
      break;
    case 'H':
      fields.hour = value;
      fields.hourFromDay = true;
      break;
    case 'k':
      fields.hour = value === 24 ? 0 : value;
      fields.hourFromDay = true;
      break;
    case 'K':
      fields.hour12 = value;
      fields.hourFromDay = false;
      break;
    case 'h':
      fields.hour12 = value === 12 ? 0 : value;
      fields.hourFromDay = false;
      break;
    case 'm':
      fields.minute = value;
      break;
    case 's':
      fields.second = value;
      break;
    case 'S':
      fields.millis = value;
      break;
    // Week-based fields (w, W, F, u) are read but, as Java does when a date is also given, not used.
  }
  return end;
}

function toDate(fields: ParsedFields): Date {
  let year = fields.year ?? 1970;
  if (fields.twoDigitYear) {
    // Java puts two-digit years within 80 years before and 20 years after now.
    const start = new Date().getUTCFullYear() - 80;
    year = Math.floor(start / 100) * 100 + year;
    if (year < start) year += 100;
  }
  if (fields.bc) year = 1 - year;
  let hour = fields.hour ?? 0;
  if (fields.hour12 !== undefined && !fields.hourFromDay) hour = fields.hour12 + (fields.pm ? 12 : 0);
  const month = fields.month ?? 0;
  const day =
    fields.dayOfYear !== undefined && fields.day === undefined ? fields.dayOfYear : (fields.day ?? 1);
  const date = new Date(0);
  date.setUTCFullYear(year, fields.dayOfYear !== undefined && fields.day === undefined ? 0 : month, day);
  date.setUTCHours(hour, fields.minute ?? 0, fields.second ?? 0, fields.millis ?? 0);
  return new Date(date.getTime() - (fields.offsetMinutes ?? 0) * 60_000);
}
