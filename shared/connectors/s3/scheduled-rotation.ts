// rotate.schedule.interval.ms: wall-clock rotation times, counted from midnight in `timezone`
// and restarting each day (Confluent's DateTimeUtils.getNextTimeAdjustedByDay).
import { localToUtc, timeZoneForId, utcToLocal } from './time/time-zone.ts';

const DAY = 86_400_000;

export function nextScheduledRotation(now: number, periodMs: number, timezone: string): number {
  const zone = timeZoneForId(timezone);
  const local = utcToLocal(zone, now);
  const startOfDay = localToUtc(zone, Math.floor(local / DAY) * DAY);
  const startOfNextDay = localToUtc(zone, Math.floor(local / DAY) * DAY + DAY);
  const dayLength = startOfNextDay - startOfDay;
  const nextOffset = (Math.floor((now - startOfDay) / periodMs) + 1) * periodMs;
  return startOfDay + Math.min(nextOffset, dayLength);
}
