// org.apache.kafka.connect.transforms.DropHeaders: removes every header with one of the given names.
import { ConfigDef } from '../api/config-def.ts';
import { Headers } from '../api/headers.ts';
import type { ConnectRecord } from '../api/record.ts';
import type { Transformation } from '../api/transformation.ts';
import { nonEmptyList } from './util/config.ts';

export const dropHeadersConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'headers',
    type: 'LIST',
    validator: nonEmptyList,
    importance: 'HIGH',
    documentation: 'The name of the headers to be removed.',
  });

export class DropHeaders implements Transformation {
  #names = new Set<string>();

  config(): ConfigDef {
    return dropHeadersConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    this.#names = new Set(this.config().parse(configs).headers as string[]);
  }

  apply<R extends ConnectRecord>(record: R): R {
    const kept = record.headers.toArray().filter((header) => !this.#names.has(header.key));
    return { ...record, headers: new Headers(kept) };
  }
}
