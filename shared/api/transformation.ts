// Single Message Transforms and the predicates that gate them, as in Kafka Connect.
import type { ConfigDef } from './config-def.ts';
import type { ConnectRecord } from './record.ts';

export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  /** `configs` are the SMT's own keys with the `transforms.<alias>.` prefix removed. */
  configure(configs: Readonly<Record<string, unknown>>): void;
  /** The transformed record, or null to drop it. Must not modify `record`. */
  apply(record: R): R | null;
  config(): ConfigDef;
  close?(): void;
}

export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(configs: Readonly<Record<string, unknown>>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close?(): void;
}
