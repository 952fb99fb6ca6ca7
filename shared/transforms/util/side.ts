// Most SMTs come in a $Key and a $Value flavour that differ only in which half of the record they
// read and rewrite; this is that difference, in one place.
import type { ConnectRecord } from '../../api/record.ts';
import type { Schema } from '../../api/schema.ts';

export type Side = 'key' | 'value';

export function operatingSchema(record: ConnectRecord, side: Side): Schema | null {
  return side === 'key' ? record.keySchema : record.valueSchema;
}

export function operatingValue(record: ConnectRecord, side: Side): unknown {
  return side === 'key' ? record.key : record.value;
}

/**
 * Kafka's `newRecord` for one side: the same record with that side's schema and value replaced.
 * Records are immutable, so when both are the ones it has (a stage that updated the chain's own map
 * in place, see owned-values.ts) the record itself does: a copy would be the same thirteen fields,
 * made once per stage per record.
 */
export function withSide<R extends ConnectRecord>(
  record: R,
  side: Side,
  schema: Schema | null,
  value: unknown,
): R {
  if (
    side === 'key'
      ? record.keySchema === schema && record.key === value
      : record.valueSchema === schema && record.value === value
  )
    return record;
  return side === 'key'
    ? { ...record, keySchema: schema, key: value }
    : { ...record, valueSchema: schema, value };
}
