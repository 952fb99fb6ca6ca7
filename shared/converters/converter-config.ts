// Kafka's ConverterConfig: the key every converter's config starts from. The runtime sets
// converter.type (key, value or header) when it configures a converter.
import { ConfigDef } from '../api/config-def.ts';
import { validString } from '../api/validators.ts';

export const converterConfigDef = (): ConfigDef =>
  new ConfigDef().define({
    name: 'converter.type',
    type: 'STRING',
    validator: validString('key', 'value', 'header'),
    importance: 'LOW',
    documentation: 'How this converter will be used.',
  });
