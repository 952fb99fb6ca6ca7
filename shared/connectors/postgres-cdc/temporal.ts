// PostgreSQL's text forms of dates and times (DateStyle ISO, IntervalStyle postgres: the server
// defaults, which the connector also sets on its own sessions) turned into the numbers and ISO
// strings Debezium emits. Pure functions, allocation-light: they run once per temporal value.

const US_PER_DAY = 86_400_000_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (year 0 = 1 BC), Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day count since the epoch (Hinnant's civil_from_days). */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) throw new Error(`not a date/time value: "${text}"`);
    n = n * 10 + c;
  }
  return n;
}

/** `YYYY-MM-DD` (more year digits allowed, ` BC` suffix) → days since the epoch. */
export function parseDate(text: string): number {
  const dash = text.indexOf('-', 1);
  const yearDigits = dash;
  let year = digits(text, 0, yearDigits);
  if (text.endsWith(' BC')) year = 1 - year;
  return daysFromCivil(year, digits(text, dash + 1, 2), digits(text, dash + 4, 2));
}

/** `HH:MM:SS[.ffffff]` at `from` → microseconds of the day; also returns where it stopped. */
function timeOfDay(text: string, from: number): [micros: number, end: number] {
  const h = digits(text, from, 2);
  const m = digits(text, from + 3, 2);
  const s = digits(text, from + 6, 2);
  let micros = ((h * 60 + m) * 60 + s) * 1_000_000;
  let i = from + 8;
  if (text.charCodeAt(i) === 46 /* . */) {
    let scale = 100_000;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      micros += c * scale;
      scale /= 10;
      i++;
    }
  }
  return [micros, i];
}

/** `HH:MM:SS[.ffffff]` → microseconds of the day (24:00:00 allowed, as PostgreSQL allows it). */
export function parseTime(text: string): number {
  return timeOfDay(text, 0)[0];
}

/** A zone offset `+HH[:MM[:SS]]` / `-HH…` at `from` → seconds east of UTC. */
function zoneOffsetSeconds(text: string, from: number): number {
  const sign = text.charCodeAt(from) === 45 /* - */ ? -1 : 1;
  let seconds = digits(text, from + 1, 2) * 3600;
  if (text.charCodeAt(from + 3) === 58) seconds += digits(text, from + 4, 2) * 60;
  if (text.charCodeAt(from + 6) === 58) seconds += digits(text, from + 7, 2);
  return sign * seconds;
}

/** A timestamp as whole days since the epoch and microseconds into that day. */
export interface DayTime {
  readonly days: number;
  readonly micros: number;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][ BC]` (a timestamp without zone). */
export function parseTimestamp(text: string): DayTime {
  const space = text.indexOf(' ', 4);
  const bc = text.endsWith(' BC');
  const [micros] = timeOfDay(text, space + 1);
  return { days: parseDate(bc ? `${text.slice(0, space)} BC` : text.slice(0, space)), micros };
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]`, normalised to UTC. */
export function parseTimestampTz(text: string): DayTime {
  const space = text.indexOf(' ', 4);
  const [micros, end] = timeOfDay(text, space + 1);
  const bc = text.endsWith(' BC');
  const days = parseDate(bc ? `${text.slice(0, space)} BC` : text.slice(0, space));
  const utc = micros - zoneOffsetSeconds(text, end) * 1_000_000;
  const shift = Math.floor(utc / US_PER_DAY);
  return { days: days + shift, micros: utc - shift * US_PER_DAY };
}

/** Milliseconds since the epoch, floored (Instant.toEpochMilli); exact for every year PostgreSQL has. */
export function epochMillis(t: DayTime): number {
  return t.days * 86_400_000 + Math.floor(t.micros / 1000);
}

/** Microseconds since the epoch: a number while exact, a bigint beyond (years after 2255). */
export function epochMicros(t: DayTime): number | bigint {
  const n = t.days * US_PER_DAY + t.micros;
  return Number.isSafeInteger(n) ? n : BigInt(t.days) * BigInt(US_PER_DAY) + BigInt(t.micros);
}

/** Nanoseconds since the epoch, as a bigint unless small. */
export function epochNanos(t: DayTime): number | bigint {
  const wide = (BigInt(t.days) * BigInt(US_PER_DAY) + BigInt(t.micros)) * 1000n;
  return wide >= BigInt(Number.MIN_SAFE_INTEGER) && wide <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(wide)
    : wide;
}

/** `HH:MM:SS[.ffffff]+HH[:MM]` → microseconds of the day in UTC (wrapped into one day). */
export function parseTimeTzAsUtc(text: string): number {
  const [micros, end] = timeOfDay(text, 0);
  const utc = micros - zoneOffsetSeconds(text, end) * 1_000_000;
  return ((utc % US_PER_DAY) + US_PER_DAY) % US_PER_DAY;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Java's ISO fraction: `.` and the digits without trailing zeros, or nothing at all. */
function minimalFraction(micros: number): string {
  if (micros === 0) return '';
  let text = String(micros).padStart(6, '0');
  while (text.endsWith('0')) text = text.slice(0, -1);
  return `.${text}`;
}

function fixedFraction(micros: number, width: number): string {
  if (width <= 0) return minimalFraction(micros);
  const text = `${String(micros).padStart(6, '0')}000`;
  return `.${text.slice(0, Math.min(width, 9))}`;
}

function isoTime(microsOfDay: number, fraction: (micros: number) => string): string {
  const seconds = Math.floor(microsOfDay / 1_000_000);
  const micros = microsOfDay - seconds * 1_000_000;
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}${fraction(micros)}`;
}

function isoDate(days: number): string {
  const [year, month, day] = civilFromDays(days);
  const yearText =
    year > 9999
      ? `+${year}`
      : year < 0
        ? `-${String(-year).padStart(4, '0')}`
        : String(year).padStart(4, '0');
  return `${yearText}-${pad2(month)}-${pad2(day)}`;
}

/**
 * An instant as Debezium's ZonedTimestamp writes it: UTC, `Z`, and the fraction either with exactly
 * `fractionWidth` digits (the column's precision) or, for precision 0, Java's minimal ISO form.
 */
export function zonedTimestampText(t: DayTime, fractionWidth: number): string {
  return `${isoDate(t.days)}T${isoTime(t.micros, (f) => fixedFraction(f, fractionWidth))}Z`;
}

/** A UTC time of day as Debezium's ZonedTime writes it (ISO_OFFSET_TIME). */
export function zonedTimeText(microsOfDay: number): string {
  return `${isoTime(microsOfDay, minimalFraction)}Z`;
}

export interface IntervalParts {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  /** Seconds with their fraction, as the JDBC driver's PGInterval holds them. */
  seconds: number;
}

/**
 * PostgreSQL's `postgres` interval style: `1 year 2 mons -3 days 04:05:06.7`, each part optional,
 * the time part signed as a whole.
 */
export function parseInterval(text: string): IntervalParts {
  const parts: IntervalParts = { years: 0, months: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const tokens = text.trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.includes(':')) {
      const negative = token.startsWith('-');
      const [h = '0', m = '0', s = '0'] = token.replace(/^[+-]/, '').split(':');
      const sign = negative ? -1 : 1;
      parts.hours = sign * Number(h);
      parts.minutes = sign * Number(m);
      parts.seconds = sign * Number(s);
      continue;
    }
    const value = Number(token);
    const unit = tokens[++i] ?? '';
    if (unit.startsWith('year')) parts.years = value;
    else if (unit.startsWith('mon')) parts.months = value;
    else if (unit.startsWith('day')) parts.days = value;
    else throw new Error(`unsupported interval text "${text}"`);
  }
  return parts;
}

/** Debezium's MicroDuration.durationMicros, double arithmetic included, so results match exactly. */
export function intervalMicros(p: IntervalParts): number {
  const numberOfDays = (p.years * 12 + p.months) * (365.25 / 12) + p.days;
  const numberOfSeconds = ((numberOfDays * 24 + p.hours) * 60 + p.minutes) * 60 + p.seconds;
  return Math.trunc(numberOfSeconds * 1e6);
}

/** Debezium's Interval.toIsoString: `P<y>Y<m>M<d>DT<h>H<m>M<s>S`. */
export function intervalIsoText(p: IntervalParts): string {
  const seconds = Number.isInteger(p.seconds) ? String(p.seconds) : String(p.seconds);
  return `P${p.years}Y${p.months}M${p.days}DT${p.hours}H${p.minutes}M${seconds}S`;
}
