// Java's hybrid calendar against dates whose Julian and Gregorian names are known from history.
import { describe, expect, it } from 'vitest';
import {
  CUTOVER_DAY,
  civilDate,
  dayOfDate,
  dayOfWeek,
  dayOfYearDate,
  gregorianDay,
  julianDay,
} from '../../../shared/api/values/java-calendar.ts';

describe("Java's hybrid Julian/Gregorian calendar", () => {
  it('switches on 1582-10-15 (Gregorian), the day after Julian 1582-10-04', () => {
    expect(gregorianDay(1582, 10, 15)).toBe(CUTOVER_DAY);
    expect(civilDate(CUTOVER_DAY)).toEqual({ year: 1582, month: 10, day: 15 });
    expect(civilDate(CUTOVER_DAY - 1)).toEqual({ year: 1582, month: 10, day: 4 });
    expect(dayOfWeek(CUTOVER_DAY)).toBe(5); // a Friday
    expect(dayOfWeek(CUTOVER_DAY - 1)).toBe(4); // a Thursday
  });

  it('keeps Julian leap years before the switch and Gregorian ones after', () => {
    expect(civilDate(julianDay(1500, 2, 29))).toEqual({ year: 1500, month: 2, day: 29 });
    expect(civilDate(julianDay(1500, 2, 29) + 1)).toEqual({ year: 1500, month: 3, day: 1 });
    expect(civilDate(gregorianDay(1700, 2, 28) + 1)).toEqual({ year: 1700, month: 3, day: 1 });
    // Proleptic Gregorian 0001-01-01 is Julian 0001-01-03; 1 BC is year 0.
    expect(civilDate(gregorianDay(1, 1, 1))).toEqual({ year: 1, month: 1, day: 3 });
    expect(civilDate(julianDay(1, 1, 1) - 1)).toEqual({ year: 0, month: 12, day: 31 });
  });

  it('reads dates leniently as GregorianCalendar.computeTime does', () => {
    // A day of the gap is read in the Julian calendar: ten days later.
    expect(dayOfDate(1582, 9, 10)).toBe(gregorianDay(1582, 10, 20));
    expect(dayOfDate(1582, 9, 4)).toBe(CUTOVER_DAY - 1);
    // Month 13 of 1582 is January 1583; month -1 of 1583 is December 1582.
    expect(dayOfDate(1582, 12, 1)).toBe(gregorianDay(1583, 1, 1));
    expect(dayOfDate(1583, -1, 1)).toBe(gregorianDay(1582, 12, 1));
    // A day of the year in 1582 counts from Julian 1 January.
    expect(dayOfYearDate(1582, 278)).toBe(CUTOVER_DAY);
  });
});
