// Reading a zone name switches a SimpleDateFormat to that zone for what it writes and reads next
// (Java's setTimeZone in subParseZoneString), which one record through the conformance harness
// cannot show. The expected texts are what Java 17 prints for the same calls.
import { describe, expect, it } from 'vitest';
import { SimpleDateFormat } from '../../../shared/api/values/simple-date-format.ts';

describe('SimpleDateFormat time zone names', () => {
  it('writes later dates in the zone a parse read, with its daylight-saving name', () => {
    const format = new SimpleDateFormat('yyyy-MM-dd HH:mm z');
    expect(format.format(new Date(0))).toBe('1970-01-01 00:00 UTC');
    expect(format.parse('2024-01-15 10:15 PST')?.getTime()).toBe(1705342500000);
    expect(format.format(new Date(0))).toBe('1969-12-31 16:00 PST');
    expect(format.format(new Date(1720000000000))).toBe('2024-07-03 02:46 PDT');
  });

  it('switches even when the rest of the text then fails to parse', () => {
    const format = new SimpleDateFormat('z yyyy');
    expect(format.parse('EST x')).toBeNull();
    expect(format.format(new Date(0))).toBe('EST 1969');
  });
});
