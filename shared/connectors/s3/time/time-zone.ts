// Joda-Time's DateTimeZone as the storage partitioners use it: ids as DateTimeZone.forID accepts
// them (tz database names, "UTC", fixed offsets "+02:00"), the offset in force at an instant, and
// Joda's two conversions between UTC and local milliseconds, which decide the bucket of a record
// around daylight-saving changes. Offsets come from the platform's tz data through Intl.
import { IllegalArgumentError } from '../../../api/errors.ts';

const MINUTE = 60_000;
const FIXED_OFFSET = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{1,3}))?)?)?$/;

export interface TimeZone {
  /** The id as Joda prints it: the tz name, "UTC", or a normalised offset such as "+02:00". */
  readonly id: string;
  /** Milliseconds to add to a UTC instant to get local time at that instant. */
  offset(instant: number): number;
}

class FixedZone implements TimeZone {
  readonly id: string;
  readonly #offset: number;
  constructor(id: string, offset: number) {
    this.id = id;
    this.#offset = offset;
  }
  offset(): number {
    return this.#offset;
  }
}

/** A tz database zone; offsets are cached per minute, since transitions fall on whole minutes. */
class RegionZone implements TimeZone {
  readonly id: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #byMinute = new Map<number, number>();

  constructor(id: string) {
    this.id = id;
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offset(instant: number): number {
    const minute = Math.floor(instant / MINUTE);
    let offset = this.#byMinute.get(minute);
    if (offset === undefined) {
      offset = this.#compute(minute * MINUTE);
      if (this.#byMinute.size >= 4096) this.#byMinute.clear();
      this.#byMinute.set(minute, offset);
    }
    return offset;
  }

  #compute(instant: number): number {
    const parts: Record<string, string> = {};
    for (const part of this.#format.formatToParts(new Date(instant))) parts[part.type] = part.value;
    const yearOfEra = Number(parts.year);
    const year = parts.era === 'BC' || parts.era === 'B' ? 1 - yearOfEra : yearOfEra;
    const local = Date.UTC(
      2000,
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    // Date.UTC maps two-digit years to 19xx: set the year separately.
    const date = new Date(local);
    date.setUTCFullYear(year);
    return date.getTime() - instant;
  }
}

export const UTC: TimeZone = new FixedZone('UTC', 0);

const zones = new Map<string, TimeZone>([['UTC', UTC]]);

/** DateTimeZone.forID: throws Joda's IllegalArgumentException text for an unknown id. */
export function timeZoneForId(id: string): TimeZone {
  const known = zones.get(id);
  if (known) return known;
  const zone = resolve(id);
  zones.set(id, zone);
  return zone;
}

function resolve(id: string): TimeZone {
  const offsetMatch = FIXED_OFFSET.exec(id);
  if (offsetMatch) {
    const [, sign, h, m = '0', s = '0', ms = '0'] = offsetMatch;
    const hours = Number(h);
    const minutes = Number(m);
    const seconds = Number(s);
    if (hours <= 23 && minutes <= 59 && seconds <= 59) {
      const magnitude = ((hours * 60 + minutes) * 60 + seconds) * 1000 + Number(ms.padEnd(3, '0'));
      const offset = sign === '-' ? -magnitude : magnitude;
      return offset === 0 ? UTC : new FixedZone(printOffset(offset), offset);
    }
  }
  if (id.startsWith('+') || id.startsWith('-')) {
    throw new IllegalArgumentError(`Invalid format: "${id}" is malformed at "${id.slice(1)}"`);
  }
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
      // Joda's ids are case-sensitive; Intl's lookup is not.
      if (resolved === id || resolved.toLowerCase() !== id.toLowerCase()) return new RegionZone(id);
    } catch {
      // not a zone Intl knows either
    }
  }
  throw new IllegalArgumentError(`The datetime zone id '${id}' is not recognised`);
}

/** Joda's printOffset: "+02:00", "-05:30", with seconds and millis only when present. */
export function printOffset(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  let rest = Math.abs(offset);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  let text = `${sign}${pad2(hours)}:${pad2(minutes)}`;
  if (rest === 0) return text;
  const seconds = Math.floor(rest / 1000);
  rest -= seconds * 1000;
  text += `:${pad2(seconds)}`;
  return rest === 0 ? text : `${text}.${String(rest).padStart(3, '0')}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** DateTimeZone.convertUTCToLocal. */
export function utcToLocal(zone: TimeZone, instant: number): number {
  return instant + zone.offset(instant);
}

/**
 * DateTimeZone.convertLocalToUTC(local, strict = false): in a gap or overlap, Joda keeps the
 * offset before the transition for zones east of UTC and resolves by the next transition for the
 * others; this reproduces its choice.
 */
export function localToUtc(zone: TimeZone, local: number): number {
  const offsetLocal = zone.offset(local);
  let offset = zone.offset(local - offsetLocal);
  if (offsetLocal !== offset && offsetLocal < 0) {
    const nextLocal = nextTransition(zone, local - offsetLocal);
    const nextAdjusted = nextTransition(zone, local - offset);
    if (nextLocal !== nextAdjusted) offset = offsetLocal;
  }
  return local - offset;
}

/**
 * The first instant after `from` where the offset changes, or Infinity. Only the answer within
 * two days matters to localToUtc (both starting points lie within a day of each other).
 */
function nextTransition(zone: TimeZone, from: number): number {
  const start = zone.offset(from);
  const step = 3_600_000;
  const horizon = from + 2 * 86_400_000;
  let low = from;
  for (let t = from + step; t <= horizon + step; t += step) {
    if (zone.offset(t) !== start) {
      let high = t;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (zone.offset(mid) === start) low = mid;
        else high = mid;
      }
      return high;
    }
    low = t;
  }
  return Number.POSITIVE_INFINITY;
}
