import { describe, expect, it } from 'vitest';
import { Headers } from '../../../shared/api/headers.ts';
import { HasHeaderKey } from '../../../shared/transforms/predicates/has-header-key.ts';
import { RecordIsTombstone } from '../../../shared/transforms/predicates/record-is-tombstone.ts';
import { TopicNameMatches } from '../../../shared/transforms/predicates/topic-name-matches.ts';
import { configured, sinkRecord } from './records.ts';

describe('TopicNameMatches', () => {
  it('is true only when the whole topic name matches', () => {
    const predicate = configured(new TopicNameMatches(), { pattern: 'orders-.*' });
    expect(predicate.test(sinkRecord({ topic: 'orders-eu' }))).toBe(true);
    expect(predicate.test(sinkRecord({ topic: 'old-orders-eu' }))).toBe(false);
    expect(predicate.toString()).toBe('TopicNameMatches{pattern=orders-.*}');
  });

  it('needs a non-empty, valid pattern', () => {
    expect(() => new TopicNameMatches().configure({ pattern: '' })).toThrow(
      'Invalid value  for configuration pattern: String must be non-empty',
    );
    expect(() => new TopicNameMatches().configure({ pattern: '[' })).toThrow(
      /^Invalid value \[ for configuration pattern: Invalid regex: /,
    );
  });
});

describe('HasHeaderKey', () => {
  it('is true when at least one header has the name', () => {
    const predicate = configured(new HasHeaderKey(), { name: 'trace' });
    expect(predicate.test(sinkRecord({ headers: new Headers().add('trace', null) }))).toBe(true);
    expect(predicate.test(sinkRecord({ headers: new Headers().add('other', 'x') }))).toBe(false);
    expect(() => new HasHeaderKey().configure({})).toThrow(
      'Missing required configuration "name" which has no default value.',
    );
  });
});

describe('RecordIsTombstone', () => {
  it('is true for a null value, whatever the key', () => {
    const predicate = configured(new RecordIsTombstone(), {});
    expect(predicate.test(sinkRecord({ key: 'k', value: null }))).toBe(true);
    expect(predicate.test(sinkRecord({ value: '' }))).toBe(false);
  });
});
