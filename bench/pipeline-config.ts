// The converter and SMT chain both sinks run in the throughput benchmark. Each side uses the same
// Kafka Connect class names and settings; steps serverless-connect does not ship yet are left out
// on both sides (and the report says which), so the two always do the same work.
import { builtinPlugins } from '../shared/runtime/plugins/builtin-plugins.ts';

export const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
export const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';

export interface TransformStep {
  readonly alias: string;
  readonly className: string;
  readonly settings: Readonly<Record<string, string>>;
  /** Whether the step needs structured values (a JSON converter), not just the record's topic. */
  readonly needsStructuredValue: boolean;
}

export const wantedChain: readonly TransformStep[] = [
  {
    alias: 'dropNote',
    className: 'org.apache.kafka.connect.transforms.ReplaceField$Value',
    settings: { exclude: 'internalNote', renames: 'customerId:customer_id' },
    needsStructuredValue: true,
  },
  {
    alias: 'addSource',
    className: 'org.apache.kafka.connect.transforms.InsertField$Value',
    settings: { 'static.field': 'pipeline', 'static.value': 'bench', 'offset.field': 'kafka_offset' },
    needsStructuredValue: true,
  },
  {
    alias: 'cast',
    className: 'org.apache.kafka.connect.transforms.Cast$Value',
    settings: { spec: 'quantity:int16,orderId:string' },
    needsStructuredValue: true,
  },
  {
    alias: 'route',
    className: 'org.apache.kafka.connect.transforms.TimestampRouter',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TimestampRouter's own ${topic} syntax
    settings: { 'topic.format': '${topic}-${timestamp}', 'timestamp.format': 'yyyyMMdd' },
    needsStructuredValue: false,
  },
];

export interface PipelineChoice {
  readonly valueConverter: string;
  readonly chain: readonly TransformStep[];
  /** What was left out, and why; empty when the full chain runs. */
  readonly missing: readonly string[];
}

/** The part of the wanted pipeline that serverless-connect can run today. */
export function choosePipeline(
  has: (className: string, type: 'converter' | 'transformation') => boolean = (className, type) =>
    builtinPlugins().find(className, type) !== undefined,
): PipelineChoice {
  const missing: string[] = [];
  const json = has(JSON_CONVERTER, 'converter');
  if (!json) missing.push(`${JSON_CONVERTER} (values pass as strings instead)`);
  const chain: TransformStep[] = [];
  for (const step of wantedChain) {
    if (!has(step.className, 'transformation')) missing.push(step.className);
    else if (step.needsStructuredValue && !json) missing.push(`${step.className} (needs ${JSON_CONVERTER})`);
    else chain.push(step);
  }
  return { valueConverter: json ? JSON_CONVERTER : STRING_CONVERTER, chain, missing };
}

/** Connector settings shared by both sinks: converters and the transforms.* keys. */
export function pipelineSettings(choice: PipelineChoice): Record<string, string> {
  const settings: Record<string, string> = {
    'key.converter': STRING_CONVERTER,
    'value.converter': choice.valueConverter,
    // The records carry no headers; Kafka's default SimpleHeaderConverter is not needed to say so.
    'header.converter': STRING_CONVERTER,
  };
  if (choice.valueConverter === JSON_CONVERTER) settings['value.converter.schemas.enable'] = 'false';
  if (choice.chain.length > 0) {
    settings.transforms = choice.chain.map((s) => s.alias).join(',');
    for (const step of choice.chain) {
      settings[`transforms.${step.alias}.type`] = step.className;
      for (const [key, value] of Object.entries(step.settings))
        settings[`transforms.${step.alias}.${key}`] = value;
    }
  }
  return settings;
}
