// java.util.GregorianCalendar's default calendar, in UTC: Julian before 1582-10-15 (Gregorian) and
// Gregorian from then on, with the ten days 1582-10-05..14 missing. SimpleDateFormat (and through it
// Kafka's Values, TimestampConverter and TimestampRouter) reads and writes dates in it, so a date
// before the cut-over has a different year, month and day than JavaScript's proleptic Gregorian
// Date gives. Day counts since the epoch, on the other hand, are the same in both.

export const DAY_MS = 86_400_000;
/** 1582-10-15 (Gregorian) = 1582-10-05 (Julian), in days since 1970-01-01. */
export const CUTOVER_DAY = -141_427;
export const CUTOVER_YEAR = 1582;
/** Julian Day Number of 1970-01-01. */
const EPOCH_JDN = 2_440_588;

export interface CivilDate {
  /** Astronomical year: 0 is 1 BC, -1 is 2 BC. */
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

const floorDiv = (a: number, b: number) => Math.floor(a / b);

/** Days since the epoch of a proleptic Gregorian date (any month/day, rolled over arithmetically). */
export function gregorianDay(year: number, month: number, day: number): number {
  const a = floorDiv(14 - month, 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    floorDiv(153 * m + 2, 5) +
    365 * y +
    floorDiv(y, 4) -
    floorDiv(y, 100) +
    floorDiv(y, 400) -
    32045 -
    EPOCH_JDN
  );
}

/** Days since the epoch of a proleptic Julian date. */
export function julianDay(year: number, month: number, day: number): number {
  const a = floorDiv(14 - month, 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + floorDiv(153 * m + 2, 5) + 365 * y + floorDiv(y, 4) - 32083 - EPOCH_JDN;
}

function gregorianDate(epochDay: number): CivilDate {
  const a = epochDay + EPOCH_JDN + 32044;
  const b = floorDiv(4 * a + 3, 146097);
  const c = a - floorDiv(146097 * b, 4);
  const d = floorDiv(4 * c + 3, 1461);
  const e = c - floorDiv(1461 * d, 4);
  const m = floorDiv(5 * e + 2, 153);
  return {
    day: e - floorDiv(153 * m + 2, 5) + 1,
    month: m + 3 - 12 * floorDiv(m, 10),
    year: 100 * b + d - 4800 + floorDiv(m, 10),
  };
}

function julianDate(epochDay: number): CivilDate {
  const c = epochDay + EPOCH_JDN + 32082;
  const d = floorDiv(4 * c + 3, 1461);
  const e = c - floorDiv(1461 * d, 4);
  const m = floorDiv(5 * e + 2, 153);
  return {
    day: e - floorDiv(153 * m + 2, 5) + 1,
    month: m + 3 - 12 * floorDiv(m, 10),
    year: d - 4800 + floorDiv(m, 10),
  };
}

/** The calendar date of a day since the epoch, in Java's hybrid calendar. */
export function civilDate(epochDay: number): CivilDate {
  return epochDay >= CUTOVER_DAY ? gregorianDate(epochDay) : julianDate(epochDay);
}

/** The first day of `year` (Julian 1 January up to and including the cut-over year, as Java counts it). */
export function firstDayOfYear(year: number): number {
  return year > CUTOVER_YEAR ? gregorianDay(year, 1, 1) : julianDay(year, 1, 1);
}

/** The first day of a month: October 1582 starts on Julian 1 October, the gap lies inside it. */
export function firstDayOfMonth(year: number, month: number): number {
  return year > CUTOVER_YEAR || (year === CUTOVER_YEAR && month > 10)
    ? gregorianDay(year, month, 1)
    : julianDay(year, month, 1);
}

/** 0 = Sunday. 1970-01-01 was a Thursday. */
export function dayOfWeek(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/**
 * GregorianCalendar.computeTime's choice of calendar for a lenient year/month/day (month 0-based,
 * any value; day any value): the year as written decides, and in the cut-over year the Gregorian
 * reading when it falls on or after the cut-over, else the Julian one (which puts a day of the gap,
 * 1582-10-10, ten days later, as Java does).
 */
export function dayOfDate(year: number, month0: number, day: number): number {
  const y = year + floorDiv(month0, 12);
  const m = (((month0 % 12) + 12) % 12) + 1;
  if (year < CUTOVER_YEAR) return julianDay(y, m, day);
  const gregorian = gregorianDay(y, m, day);
  return gregorian >= CUTOVER_DAY ? gregorian : julianDay(y, m, day);
}

/** The same for a day of the year: Java reads a day of year in the cut-over year in the Julian calendar. */
export function dayOfYearDate(year: number, dayOfYear: number): number {
  if (year <= CUTOVER_YEAR) return julianDay(year, 1, dayOfYear);
  const gregorian = gregorianDay(year, 1, dayOfYear);
  return gregorian >= CUTOVER_DAY ? gregorian : julianDay(year, 1, dayOfYear);
}
