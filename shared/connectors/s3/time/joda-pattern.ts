// Joda-Time's DateTimeFormat.forPattern, for printing only: path.format is a Joda pattern in
// Confluent's storage connectors (not java.time's DateTimeFormatter: there `YYYY` would be the
// week-based year, here it is the year of era, which is what the Daily and Hourly partitioners
// mean). Tokens, quoting and the "Illegal pattern component" error follow Joda's parser; fields
// are computed in the ISO chronology, as Joda's default is.
import { IllegalArgumentError } from '../../../api/errors.ts';
import { printOffset, type TimeZone } from './time-zone.ts';

/** The calendar fields of one instant in one zone. */
interface Fields {
  readonly instant: number;
  readonly local: Date;
  readonly zone: TimeZone;
  readonly offset: number;
  readonly locale: string;
}

type Printer = (f: Fields) => string;

export interface JodaFormatter {
  readonly pattern: string;
  print(instant: number, zone: TimeZone, locale: string): string;
}

/** Compiles a pattern; throws IllegalArgumentError with Joda's message when it has a bad letter. */
export function jodaPattern(pattern: string): JodaFormatter {
  if (pattern.length === 0) throw new IllegalArgumentError('Invalid pattern specification');
  const printers = tokenize(pattern).map(compileToken);
  return {
    pattern,
    print(instant, zone, locale) {
      const offset = zone.offset(instant);
      const fields: Fields = { instant, local: new Date(instant + offset), zone, offset, locale };
      let text = '';
      for (const printer of printers) text += printer(fields);
      return text;
    },
  };
}

function isLetter(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/** Joda's parseToken: runs of one letter, or literal text (quoted or not) marked with a leading quote. */
function tokenize(pattern: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (isLetter(c)) {
      let j = i + 1;
      while (j < pattern.length && pattern[j] === c) j++;
      tokens.push(pattern.slice(i, j));
      i = j;
      continue;
    }
    let literal = "'";
    let inLiteral = false;
    for (; i < pattern.length; i++) {
      const ch = pattern[i]!;
      if (ch === "'") {
        if (pattern[i + 1] === "'") {
          i++;
          literal += ch;
        } else {
          inLiteral = !inLiteral;
        }
      } else if (!inLiteral && isLetter(ch)) {
        break;
      } else {
        literal += ch;
      }
    }
    tokens.push(literal);
  }
  return tokens;
}

function padded(value: number, digits: number): string {
  const text = String(Math.abs(value)).padStart(digits, '0');
  return value < 0 ? `-${text}` : text;
}

function number(digits: number, field: (f: Fields) => number): Printer {
  return (f) => padded(field(f), digits);
}

const year = (f: Fields) => f.local.getUTCFullYear();
const yearOfEra = (f: Fields) => {
  const y = year(f);
  return y <= 0 ? 1 - y : y;
};

/** ISO-8601 week fields (Monday first, the week with January 4th is week 1), as Joda's ISO chronology. */
function isoWeek(f: Fields): { weekyear: number; week: number } {
  const d = new Date(Date.UTC(year(f), f.local.getUTCMonth(), f.local.getUTCDate()));
  d.setUTCFullYear(year(f));
  const dayOfWeek = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayOfWeek);
  const weekyear = d.getUTCFullYear();
  const jan1 = new Date(Date.UTC(2000, 0, 1));
  jan1.setUTCFullYear(weekyear);
  const week = Math.floor((d.getTime() - jan1.getTime()) / 86_400_000 / 7) + 1;
  return { weekyear, week };
}

function dayOfYear(f: Fields): number {
  const jan1 = new Date(Date.UTC(2000, 0, 1));
  jan1.setUTCFullYear(year(f));
  const midnight = Date.UTC(2000, f.local.getUTCMonth(), f.local.getUTCDate());
  const day = new Date(midnight);
  day.setUTCFullYear(year(f));
  return Math.round((day.getTime() - jan1.getTime()) / 86_400_000) + 1;
}

/**
 * Month, weekday and era names as Java prints them for `new Locale(locale)`. Java keeps a locale
 * string such as "en_US" whole as the language, finds no data for it and falls back to the root
 * locale (abbreviated English names for both widths, eras CE/BCE); a plain language such as "fr"
 * gets its format-context names, which Intl gives when a day is formatted alongside.
 */
function text(kind: 'month' | 'weekday' | 'era', width: 'short' | 'long'): Printer {
  const cache = new Map<string, Intl.DateTimeFormat>();
  return (f) => {
    const language = javaLanguage(f.locale);
    if (language === null && kind === 'era') return year(f) <= 0 ? 'BCE' : 'CE';
    let format = cache.get(f.locale);
    if (!format) {
      const options: Intl.DateTimeFormatOptions =
        kind === 'era'
          ? { era: 'short', year: 'numeric', timeZone: 'UTC' }
          : { [kind]: language === null ? 'short' : width, day: 'numeric', timeZone: 'UTC' };
      format = new Intl.DateTimeFormat(language ?? 'en', options);
      cache.set(f.locale, format);
    }
    return format.formatToParts(f.local).find((p) => p.type === kind)?.value ?? '';
  };
}

/** The language Java finds data for, or null when it falls back to the root locale. */
function javaLanguage(locale: string): string | null {
  const language = locale.toLowerCase();
  if (!/^[a-z]{2,3}$/.test(language)) return null;
  return Intl.DateTimeFormat.supportedLocalesOf(language).length > 0 ? language : null;
}

/** For zone names: the language part of the locale. */
function intlLocale(locale: string): string {
  return javaLanguage(locale.split(/[_-]/)[0] ?? '') ?? 'en';
}

function zoneShortName(long: boolean): Printer {
  return (f) => {
    if (f.zone.id === 'UTC') return long ? 'Coordinated Universal Time' : 'UTC';
    if (f.zone.id.startsWith('+') || f.zone.id.startsWith('-')) return f.zone.id;
    const format = new Intl.DateTimeFormat(intlLocale(f.locale), {
      timeZone: f.zone.id,
      timeZoneName: long ? 'long' : 'short',
    });
    return format.formatToParts(f.instant).find((p) => p.type === 'timeZoneName')?.value ?? f.zone.id;
  };
}

function offsetText(separators: boolean): Printer {
  return (f) => {
    const text = printOffset(f.offset);
    const [hm] = text.split(/(?<=^.\d\d:\d\d)/);
    return separators ? hm! : hm!.replace(':', '');
  };
}

function compileToken(token: string): Printer {
  const c = token[0]!;
  const n = token.length;
  switch (c) {
    case "'": {
      const literal = token.slice(1);
      return () => literal;
    }
    case 'G':
      return text('era', 'short');
    case 'C':
      return number(n, (f) => Math.floor(yearOfEra(f) / 100));
    case 'x':
      return n === 2
        ? (f) => padded(mod(isoWeek(f).weekyear, 100), 2)
        : number(n, (f) => isoWeek(f).weekyear);
    case 'y':
      return n === 2 ? (f) => padded(mod(year(f), 100), 2) : number(n, year);
    case 'Y':
      return n === 2 ? (f) => padded(mod(yearOfEra(f), 100), 2) : number(n, yearOfEra);
    case 'M':
      if (n >= 4) return text('month', 'long');
      if (n === 3) return text('month', 'short');
      return number(n, (f) => f.local.getUTCMonth() + 1);
    case 'd':
      return number(n, (f) => f.local.getUTCDate());
    case 'a':
      return (f) => (f.local.getUTCHours() < 12 ? 'AM' : 'PM');
    case 'h':
      return number(n, (f) => f.local.getUTCHours() % 12 || 12);
    case 'H':
      return number(n, (f) => f.local.getUTCHours());
    case 'k':
      return number(n, (f) => f.local.getUTCHours() || 24);
    case 'K':
      return number(n, (f) => f.local.getUTCHours() % 12);
    case 'm':
      return number(n, (f) => f.local.getUTCMinutes());
    case 's':
      return number(n, (f) => f.local.getUTCSeconds());
    case 'S':
      return (f) => fraction(f.local.getUTCMilliseconds(), n);
    case 'e':
      return number(n, (f) => f.local.getUTCDay() || 7);
    case 'E':
      return text('weekday', n >= 4 ? 'long' : 'short');
    case 'D':
      return number(n, dayOfYear);
    case 'w':
      return number(n, (f) => isoWeek(f).week);
    case 'z':
      return zoneShortName(n >= 4);
    case 'Z':
      if (n === 1) return offsetText(false);
      if (n === 2) return offsetText(true);
      return (f) => f.zone.id;
    default:
      throw new IllegalArgumentError(`Illegal pattern component: ${token}`);
  }
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

/** The first `digits` digits of the fraction of a second (millisecond precision, then zeros). */
function fraction(millis: number, digits: number): string {
  const three = String(millis).padStart(3, '0');
  return digits <= 3 ? three.slice(0, digits) : three.padEnd(digits, '0');
}
