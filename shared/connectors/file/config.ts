// Config keys of the file connectors (Kafka's connect-file), on top of the common connector keys.
import { ConfigDef } from '../../api/config-def.ts';
import { nonEmptyString } from '../../api/validators.ts';

export function fileSinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'file',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    documentation: 'File that receives one line per record value. When unset, values go to standard output.',
  });
}

/** FileStreamSourceConnector's keys, defaults and documentation as Kafka defines them. */
export function fileSourceConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'file',
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Source filename. If not specified, the standard input will be used',
    })
    .define({
      name: 'topic',
      type: 'STRING',
      validator: nonEmptyString,
      importance: 'HIGH',
      documentation: 'The topic to publish data to',
    })
    .define({
      name: 'batch.size',
      type: 'INT',
      defaultValue: 2000,
      importance: 'LOW',
      documentation:
        'The maximum number of records the source task can read from the file each time it is polled',
    });
}
