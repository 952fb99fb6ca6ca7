// path.format and timezone against Joda-Time itself: the corpus was printed by Joda-Time's
// DateTimeFormat and DateTimeZone through the same steps as TimeBasedPartitioner
// (test/conformance/joda/JodaPartitionOracle.java), over patterns, zones around DST changes,
// durations and timestamps from 1900 to 9999.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../../shared/connectors/s3/partition/partitioners.ts';
import { jodaPattern } from '../../../../shared/connectors/s3/time/joda-pattern.ts';
import { timeZoneForId } from '../../../../shared/connectors/s3/time/time-zone.ts';

type Case = [
  pattern: string,
  zone: string,
  locale: string,
  durationMs: number,
  timestamp: number,
  expected: string,
];
const corpus = JSON.parse(
  readFileSync(new URL('./fixtures/joda-time-partitions.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function render([pattern, zoneId, locale, durationMs, timestamp]: Case): string {
  try {
    const zone = timeZoneForId(zoneId);
    const formatter = jodaPattern(pattern);
    return formatter.print(bucketOf(durationMs, timestamp, zone), zone, locale);
  } catch (error) {
    return `ERR:${(error as Error).message}`;
  }
}

describe('Joda-Time path.format and timezone', () => {
  it(`renders ${corpus.cases.length} cases as Joda-Time does`, () => {
    const mismatches = corpus.cases
      .map((c) => ({ case: c.slice(0, 5), expected: c[5], actual: render(c) }))
      .filter((r) => r.actual !== r.expected);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('YYYY is the year of era (not the week-based year) across New Year', () => {
    const zone = timeZoneForId('UTC');
    expect(jodaPattern('YYYY-MM-dd').print(Date.UTC(2024, 11, 31, 12), zone, 'en')).toBe('2024-12-31');
    expect(jodaPattern('xxxx-ww').print(Date.UTC(2024, 11, 31, 12), zone, 'en')).toBe('2025-01');
  });
});
