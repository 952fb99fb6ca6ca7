// Config keys of the file connectors (Kafka's connect-file), on top of the common connector keys.
import { ConfigDef } from '../../api/config-def.ts';

export function fileSinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'file',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    documentation: 'File that receives one line per record value. When unset, values go to standard output.',
  });
}
