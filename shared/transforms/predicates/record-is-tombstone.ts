// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone: true when the value is null.
import { ConfigDef } from '../../api/config-def.ts';
import type { ConnectRecord } from '../../api/record.ts';
import type { Predicate } from '../../api/transformation.ts';

export class RecordIsTombstone implements Predicate {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(): void {}

  test(record: ConnectRecord): boolean {
    return record.value === null || record.value === undefined;
  }

  toString(): string {
    return 'RecordIsTombstone{}';
  }
}
