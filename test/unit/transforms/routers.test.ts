import { describe, expect, it } from 'vitest';
import { RegexRouter } from '../../../shared/transforms/regex-router.ts';
import { TimestampRouter } from '../../../shared/transforms/timestamp-router.ts';
import { configured, sinkRecord } from './records.ts';

describe('RegexRouter', () => {
  it('rewrites a topic that matches as a whole, with group references', () => {
    const router = configured(new RegexRouter(), { regex: '(.*)-(.*)', replacement: '$2_$1' });
    const routed = router.apply(sinkRecord({ topic: 'orders-eu' }));
    expect(routed.topic).toBe('eu_orders');
    // The original coordinates stay with the sink record.
    expect(routed.originalTopic).toBe('orders');
    const unmatched = sinkRecord({ topic: 'orders' });
    expect(router.apply(unmatched)).toBe(unmatched);
  });

  it('routes a common prefix away, as the Kafka docs example does', () => {
    const router = configured(new RegexRouter(), { regex: 'mysql\\.inventory\\.(.*)', replacement: 'db_$1' });
    expect(router.apply(sinkRecord({ topic: 'mysql.inventory.customers' })).topic).toBe('db_customers');
  });

  it('refuses an invalid regex at configure time', () => {
    expect(() => new RegexRouter().configure({ regex: '(unclosed', replacement: 'x' })).toThrow(
      /^Invalid value \(unclosed for configuration regex: Invalid regex: /,
    );
    expect(() => new RegexRouter().configure({ regex: '.*' })).toThrow(
      'Missing required configuration "replacement" which has no default value.',
    );
  });
});

describe('TimestampRouter', () => {
  it('appends the UTC day by default', () => {
    const router = configured(new TimestampRouter(), {});
    expect(router.apply(sinkRecord({ topic: 'orders', timestamp: 1_700_000_000_000 })).topic).toBe(
      'orders-20231114',
    );
  });

  it('fills both placeholders of a custom format', () => {
    const router = configured(new TimestampRouter(), {
      'topic.format': 'archive.$' + '{timestamp}.$' + '{topic}',
      'timestamp.format': 'yyyy-MM',
    });
    expect(router.apply(sinkRecord({ topic: 'logs', timestamp: Date.UTC(2024, 1, 29) })).topic).toBe(
      'archive.2024-02.logs',
    );
  });

  it('needs a record timestamp', () => {
    expect(() => configured(new TimestampRouter(), {}).apply(sinkRecord({ timestamp: null }))).toThrow(
      /^Timestamp missing on record: /,
    );
  });
});
