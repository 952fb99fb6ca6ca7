// The time zones SimpleDateFormat knows by name (from the JDK's DateFormatSymbols, see
// java-zone-names.ts) and the offsets they have at an instant. Parsing a zone name switches a
// SimpleDateFormat to that zone (Java's setTimeZone), which then writes and reads local times there.
// Offsets come from the platform's tz data through Intl; before a zone's first transition Java
// uses the zone's raw offset where the tz data has local mean time.
import { JAVA_ZONE_NAMES } from './java-zone-names.ts';

export interface JavaZone {
  readonly id: string;
  /** Long standard, short standard, long daylight, short daylight. */
  readonly names: readonly [string, string, string, string];
  readonly rawOffset: number;
  readonly dstSavings: number;
}

const row = (r: (typeof JAVA_ZONE_NAMES)[number]): JavaZone => ({
  id: r[0],
  names: [r[1], r[2], r[3], r[4]],
  rawOffset: r[5],
  dstSavings: r[6],
});

export const UTC_ZONE: JavaZone = {
  id: 'UTC',
  names: ['Coordinated Universal Time', 'UTC', 'Coordinated Universal Time', 'UTC'],
  rawOffset: 0,
  dstSavings: 0,
};

export const JAVA_ZONES: readonly JavaZone[] = JAVA_ZONE_NAMES.map(row);

const OFFSET_TEXT = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const formats = new Map<string, Intl.DateTimeFormat | null>();

function formatFor(id: string): Intl.DateTimeFormat | null {
  let format = formats.get(id);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: id,
        timeZoneName: 'longOffset',
        year: 'numeric',
      });
    } catch {
      format = null;
    }
    formats.set(id, format);
  }
  return format;
}

/** The zone's offset from UTC at `instant` (ms): its rules where the tz data has them, else its raw offset. */
export function offsetAt(zone: JavaZone, instant: number): number {
  if (zone.rawOffset === 0 && zone.dstSavings === 0 && zone.id === 'UTC') return 0;
  const format = Math.abs(instant) <= 8.64e15 ? formatFor(zone.id) : null;
  if (format === null) return zone.rawOffset;
  const name = format.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = OFFSET_TEXT.exec(name);
  if (match === null) return zone.rawOffset;
  // Local mean time (an offset in seconds) is before the zone's first transition: Java has the raw offset there.
  if (match[4] !== undefined && match[4] !== '00') return zone.rawOffset;
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}

const DAY = 86_400_000;
// Irish Standard Time is Ireland's summer time, which Java's tz data counts as daylight saving.
const DAYLIGHT_NAME = /Daylight|Summer|War Time|Irish Standard/;
const STANDARD_NAME = /Standard|Mean|Time$/;
const names = new Map<string, Intl.DateTimeFormat | null>();

/** What the tz data's English name of the zone's time at `instant` says it is: daylight saving, standard time, or (a bare "GMT+01:00") nothing. */
function timeKind(zone: JavaZone, instant: number): 'daylight' | 'standard' | 'unknown' {
  let format = names.get(zone.id);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: 'long', year: 'numeric' });
    } catch {
      format = null;
    }
    names.set(zone.id, format);
  }
  if (format === null) return 'unknown';
  const name = format.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (DAYLIGHT_NAME.test(name)) return 'daylight';
  return STANDARD_NAME.test(name) ? 'standard' : 'unknown';
}

const SAMPLE_DAYS = [91, -91, 182, -182];

/**
 * The zone's standard (raw) offset at `instant`, which Java keeps apart from daylight saving, as
 * it was then (Singapore at +7:30 in 1970, Britain at +1 all year round in 1970): the offset then
 * if the tz data names it standard time, else the offset at the nearest time within half a year it
 * names standard; where it has no names (before about 1970), the smallest of those offsets.
 */
export function rawOffsetAt(zone: JavaZone, instant: number): number {
  if (Math.abs(instant) > 8.64e15 - 200 * DAY) return zone.rawOffset;
  const kind = timeKind(zone, instant);
  if (kind === 'standard') return offsetAt(zone, instant);
  if (kind === 'daylight') {
    for (const days of SAMPLE_DAYS) {
      const other = instant + days * DAY;
      if (timeKind(zone, other) === 'standard') return offsetAt(zone, other);
    }
  }
  const least = Math.min(
    offsetAt(zone, instant),
    ...SAMPLE_DAYS.map((days) => offsetAt(zone, instant + days * DAY)),
  );
  // Daylight saving all year round (war time): the standard offset is below the least of them.
  return kind === 'daylight' ? least - zone.dstSavings : least;
}
