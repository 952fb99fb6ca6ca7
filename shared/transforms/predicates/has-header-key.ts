// org.apache.kafka.connect.transforms.predicates.HasHeaderKey: true when the record has at least one
// header with the given name.
import { ConfigDef } from '../../api/config-def.ts';
import type { ConnectRecord } from '../../api/record.ts';
import type { Predicate } from '../../api/transformation.ts';
import { nonEmptyString } from '../../api/validators.ts';

export const hasHeaderKeyConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'name',
    type: 'STRING',
    validator: nonEmptyString,
    importance: 'MEDIUM',
    documentation: 'The header name.',
  });

export class HasHeaderKey implements Predicate {
  #name = '';

  config(): ConfigDef {
    return hasHeaderKeyConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    this.#name = this.config().parse(configs).name as string;
  }

  test(record: ConnectRecord): boolean {
    return record.headers.lastWithName(this.#name) !== undefined;
  }

  toString(): string {
    return `HasHeaderKey{name='${this.#name}'}`;
  }
}
