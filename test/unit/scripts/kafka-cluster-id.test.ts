// The local broker's cluster id: Kafka's storage tool takes an id starting with '-' for an option and
// fails, so ids must never start with one (as Kafka's own Uuid.randomUuid ensures).
import { describe, expect, it } from 'vitest';
import { kafkaClusterId } from '../../../scripts/infra/kafka.ts';

describe('kafkaClusterId', () => {
  it('never starts with "-" and is 16 bytes of base64url', () => {
    // About one draw in 64 starts with '-': 5,000 ids would meet dozens without the redraw.
    const ids = Array.from({ length: 5000 }, () => kafkaClusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    for (const id of ids.slice(0, 100)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });

  it('draws again when the bytes would start with "-"', () => {
    // 0xf8 as the first byte gives '-' (62) as the first base64url character.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 1)];
    expect(kafkaClusterId(() => draws.shift()!)).toBe(Buffer.alloc(16, 1).toString('base64url'));
    expect(draws).toEqual([]);
  });
});
