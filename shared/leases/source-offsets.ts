// Source offsets as Kafka Connect keeps them: per connector, a source partition map → the offset
// map reached in it; the last write wins and a null offset deletes (Kafka's offsets topic, with its
// tombstones). Both maps hold string keys and primitive values only (Kafka's
// OffsetUtils.validateFormat), so a partition's canonical JSON (keys sorted) identifies it.
import type { SourceOffset, SourcePartition } from '../api/connector.ts';
import { DataError } from '../api/errors.ts';

/** One partition's offset to write; null deletes it (a reset). */
export interface SourceOffsetWrite {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset | null;
}

/** A committed offset, as the OffsetStorageReader and GET /offsets show it. */
export interface StoredSourceOffset {
  readonly partition: SourcePartition;
  readonly offset: SourceOffset;
}

/**
 * The map as it will be stored: Kafka's rules (string keys, primitive or null values), with a
 * bigint narrowed to a number when that is exact. Throws DataError with Kafka's wording.
 */
export function normalizedOffsetMap(map: unknown, what: 'partition' | 'offset'): Record<string, unknown> {
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new DataError(`Source ${what}s must be specified as a Map`);
  // Keys sorted, so every store hands back the same map whatever order the task wrote it in.
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(map).sort())
    result[key] = primitive(key, (map as Record<string, unknown>)[key]);
  return result;
}

function primitive(field: string, value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new DataError(`Offsets may only contain finite numbers, but field ${field} contains ${value}`);
  }
  if (typeof value === 'bigint') {
    const narrowed = Number(value);
    if (Number.isSafeInteger(narrowed)) return narrowed;
    throw new DataError(
      `Offsets may only contain integers up to ${Number.MAX_SAFE_INTEGER} exactly, but field ${field} contains ${value}`,
    );
  }
  const type = Array.isArray(value) ? 'ARRAY' : typeof value === 'object' ? 'MAP' : typeof value;
  throw new DataError(
    `Offsets may only contain primitive types as values, but field ${field} contains ${type}`,
  );
}

/** The partition's identity: its JSON with keys sorted, so equal maps in any key order match. */
export function sourcePartitionKey(partition: SourcePartition): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(partition).sort()) sorted[key] = partition[key];
  return JSON.stringify(sorted);
}

/** Validated writes, one per partition (a later write of the same partition replaces an earlier one). */
export function normalizedWrites(writes: readonly SourceOffsetWrite[]): SourceOffsetWrite[] {
  const byKey = new Map<string, SourceOffsetWrite>();
  for (const write of writes) {
    const partition = normalizedOffsetMap(write.partition, 'partition');
    const offset = write.offset === null ? null : normalizedOffsetMap(write.offset, 'offset');
    byKey.set(sourcePartitionKey(partition), { partition, offset });
  }
  return [...byKey.values()];
}
