// Copy-on-write for schemaless maps inside one run of a transformation chain.
//
// Kafka's SMTs copy a schemaless map before changing it (new HashMap<>(value)), so the record they
// were given stays as it was. Within a chain run that copy is wasted when the map was made by the
// previous stage for the very record it hands on: the chain drops that record as soon as the next
// stage has it, so no one else can see the map change. Copying ~20 entries per SMT is most of the
// work of a schemaless SMT chain, so stages update such maps in place instead.
//
// Ownership is narrow on purpose. A map is owned only while all of these hold: a chain run is in
// progress; the map was made by a stage (or the converter) solely to be this side's value of this
// exact record object; and that record is the one now being transformed. Any stage that does not
// take part hands on a different record object (or the same one, untouched), which ends ownership
// or keeps it true. Outside a chain run nothing is owned, so an SMT applied on its own copies as
// Kafka's does.
import type { ConnectRecord } from '../../api/record.ts';

let running = false;
let ownedRecord: ConnectRecord | null = null;
let ownedValue: unknown;

/**
 * Runs one chain over `record`; `inputOwned` says the caller made the record's value map for this
 * run alone (as the converter stage does) and will not look at it again.
 */
export function runOwning<T>(record: ConnectRecord, inputOwned: boolean, run: () => T): T {
  if (running) return run();
  running = true;
  ownedRecord = inputOwned ? record : null;
  ownedValue = inputOwned ? record.value : undefined;
  try {
    return run();
  } finally {
    running = false;
    ownedRecord = null;
    ownedValue = undefined;
  }
}

/** Records that `value` (a map this stage just made) belongs to `record` alone; returns `record`. */
export function adopt<R extends ConnectRecord>(record: R, value: unknown): R {
  if (running) {
    ownedRecord = record;
    ownedValue = value;
  }
  return record;
}

/**
 * The map to change for `record`: `map` itself when this run owns it, otherwise a fresh copy (or,
 * with `copy` false, undefined).
 */
export function writableMap(record: ConnectRecord, map: Map<unknown, unknown>): Map<unknown, unknown>;
export function writableMap(
  record: ConnectRecord,
  map: Map<unknown, unknown>,
  copy: false,
): Map<unknown, unknown> | undefined;
export function writableMap(
  record: ConnectRecord,
  map: Map<unknown, unknown>,
  copy = true,
): Map<unknown, unknown> | undefined {
  if (running && record === ownedRecord && map === ownedValue) return map;
  return copy ? copyMap(map) : undefined;
}

/**
 * For a stage that hands on the same value in a new record (only the topic, headers or the other
 * side changed): the value stays owned when it was.
 */
export function handOn<R extends ConnectRecord>(from: ConnectRecord, to: R, value: unknown): R {
  if (running && from === ownedRecord && value === ownedValue) ownedRecord = to;
  return to;
}

/** A shallow copy in the same order; forEach is faster than the Map(iterable) constructor. */
export function copyMap(map: Map<unknown, unknown>): Map<unknown, unknown> {
  const copy = new Map<unknown, unknown>();
  map.forEach((value, key) => {
    copy.set(key, value);
  });
  return copy;
}
