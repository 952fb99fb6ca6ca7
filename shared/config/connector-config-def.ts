// The keys every connector accepts, with Kafka Connect's names, types, defaults and groups
// (ConnectorConfig and SinkConnectorConfig). Plugin-specific keys are added by each plugin.
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import { composite, nonNull, Range, rule, validString } from '../api/validators.ts';

export const COMMON_GROUP = 'Common';
export const TRANSFORMS_GROUP = 'Transforms';
export const PREDICATES_GROUP = 'Predicates';
export const ERROR_GROUP = 'Error Handling';

const uniqueAliases = (kind: string) =>
  composite(nonNull, {
    ensureValid(name: string, value: unknown) {
      const aliases = value as string[];
      // Java prints the list as [a, b].
      if (new Set(aliases).size < aliases.length)
        throw new ConfigError(name, `[${aliases.join(', ')}]`, 'Duplicate alias provided.');
    },
    toString: () => `unique ${kind} aliases`,
  });

/** ISO control characters (C0, DEL and C1), which Kafka refuses in connector names. */
const isControl = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};

const nameWithoutControlChars = rule('non-empty string without ISO control characters', (value) => {
  if (typeof value !== 'string' || value.length === 0) return 'String may not be empty';
  const controls = [...value].filter(isControl);
  if (controls.length > 0) {
    return `String may not contain control sequences but had the following ASCII chars: ${controls.map((c) => c.charCodeAt(0)).join(', ')}`;
  }
  return undefined;
});

/** A Java-style regex must at least compile as a JavaScript one; that is what we run. */
export const regexValidator = rule('valid regex', (value) => {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    new RegExp(value);
    return undefined;
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message}`;
  }
});

/**
 * Kafka 4.1's order of the common keys in their group, as GET /connector-plugins/{plugin}/config
 * shows it. The gaps are keys Kafka has and we do not (3 connector.plugin.version, 5
 * tasks.max.enforce, 7/9/11 the converters' *.plugin.version).
 */
const COMMON_ORDER = {
  name: 1,
  'connector.class': 2,
  'tasks.max': 4,
  'key.converter': 6,
  'value.converter': 8,
  'header.converter': 10,
  transforms: 12,
  predicates: 13,
  'config.action.reload': 14,
} as const;

export function connectorConfigDef(): ConfigDef {
  let errorOrder = 0;
  return new ConfigDef()
    .define({
      name: 'name',
      type: 'STRING',
      validator: nameWithoutControlChars,
      importance: 'HIGH',
      documentation: 'Globally unique name of this connector.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER.name,
      width: 'MEDIUM',
      displayName: 'Connector name',
    })
    .define({
      name: 'connector.class',
      type: 'STRING',
      importance: 'HIGH',
      documentation:
        'Class name or alias of the connector, e.g. org.apache.kafka.connect.file.FileStreamSinkConnector, FileStreamSinkConnector or FileStreamSink.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['connector.class'],
      width: 'LONG',
      displayName: 'Connector class',
    })
    .define({
      name: 'tasks.max',
      type: 'INT',
      defaultValue: 1,
      validator: Range.atLeast(1),
      importance: 'HIGH',
      documentation:
        'Upper bound on the number of tasks (concurrent function invocations) for this connector.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['tasks.max'],
      width: 'SHORT',
      displayName: 'Tasks max',
    })
    .define({
      name: 'key.converter',
      type: 'CLASS',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Converter class for record keys; the worker default applies when unset.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['key.converter'],
      width: 'SHORT',
      displayName: 'Key converter class',
    })
    .define({
      name: 'value.converter',
      type: 'CLASS',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Converter class for record values; the worker default applies when unset.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['value.converter'],
      width: 'SHORT',
      displayName: 'Value converter class',
    })
    .define({
      name: 'header.converter',
      type: 'CLASS',
      defaultValue: null,
      importance: 'LOW',
      documentation:
        'HeaderConverter class for header values; the worker default (SimpleHeaderConverter) applies when unset.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['header.converter'],
      width: 'SHORT',
      displayName: 'Header converter class',
    })
    .define({
      name: 'transforms',
      type: 'LIST',
      defaultValue: '',
      validator: uniqueAliases('transformation'),
      importance: 'LOW',
      documentation: 'Aliases of the transformations applied to each record, in order.',
      group: TRANSFORMS_GROUP,
      orderInGroup: COMMON_ORDER.transforms,
      width: 'LONG',
      displayName: 'Transforms',
    })
    .define({
      name: 'predicates',
      type: 'LIST',
      defaultValue: '',
      validator: uniqueAliases('predicate'),
      importance: 'LOW',
      documentation: 'Aliases of the predicates that transformations refer to.',
      group: PREDICATES_GROUP,
      orderInGroup: COMMON_ORDER.predicates,
      width: 'LONG',
      displayName: 'Predicates',
    })
    .define({
      name: 'config.action.reload',
      type: 'STRING',
      defaultValue: 'restart',
      validator: validString('none', 'restart'),
      importance: 'LOW',
      documentation:
        'What to do when a config provider reports a changed value: restart the connector, or nothing.',
      group: COMMON_GROUP,
      orderInGroup: COMMON_ORDER['config.action.reload'],
      width: 'MEDIUM',
      displayName: 'Reload Action',
    })
    .define({
      name: 'errors.retry.timeout',
      type: 'LONG',
      defaultValue: 0,
      importance: 'MEDIUM',
      documentation:
        'How long, in milliseconds, a failed operation is retried; 0 means no retries, -1 retries forever.',
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: 'MEDIUM',
      displayName: 'Retry Timeout for Errors',
    })
    .define({
      name: 'errors.retry.delay.max.ms',
      type: 'LONG',
      defaultValue: 60000,
      importance: 'MEDIUM',
      documentation: 'Cap, in milliseconds, of the exponential backoff between retries.',
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: 'MEDIUM',
      displayName: 'Maximum Delay Between Retries for Errors',
    })
    .define({
      name: 'errors.tolerance',
      type: 'STRING',
      defaultValue: 'none',
      validator: validString('none', 'all'),
      importance: 'MEDIUM',
      documentation:
        "'none' fails the task on the first bad record; 'all' skips bad records (and sends them to the DLQ if one is set).",
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: 'SHORT',
      displayName: 'Error Tolerance',
    })
    .define({
      name: 'errors.log.enable',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'Log every error with the failed operation and record coordinates, including tolerated ones.',
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: 'SHORT',
      displayName: 'Log Errors',
    })
    .define({
      name: 'errors.log.include.messages',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation:
        'Include the record key, value and headers in error logs (off by default: they may hold personal data).',
      group: ERROR_GROUP,
      orderInGroup: ++errorOrder,
      width: 'SHORT',
      displayName: 'Log Error Details',
    });
}

export function sinkConnectorConfigDef(): ConfigDef {
  return connectorConfigDef()
    .define({
      name: 'topics',
      type: 'LIST',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'Comma-separated topics to read.',
      group: COMMON_GROUP,
      orderInGroup: 4,
      width: 'LONG',
      displayName: 'Topics',
    })
    .define({
      name: 'topics.regex',
      type: 'STRING',
      defaultValue: '',
      validator: regexValidator,
      importance: 'HIGH',
      documentation:
        'Regular expression matching the topics to read (instead of topics); new matching topics are picked up.',
      group: COMMON_GROUP,
      orderInGroup: 4,
      width: 'LONG',
      displayName: 'Topics regex',
    })
    .define({
      name: 'errors.deadletterqueue.topic.name',
      type: 'STRING',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'Topic that receives records failing conversion or transformation (with errors.tolerance=all). Empty: no DLQ.',
      group: ERROR_GROUP,
      orderInGroup: 6,
      width: 'MEDIUM',
      displayName: 'Dead Letter Queue Topic Name',
    })
    .define({
      name: 'errors.deadletterqueue.topic.replication.factor',
      type: 'SHORT',
      defaultValue: 3,
      importance: 'MEDIUM',
      documentation: 'Replication factor used when the DLQ topic has to be created.',
      group: ERROR_GROUP,
      orderInGroup: 7,
      width: 'MEDIUM',
      displayName: 'Dead Letter Queue Topic Replication Factor',
    })
    .define({
      name: 'errors.deadletterqueue.context.headers.enable',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation: 'Add __connect.errors.* headers describing the failure to each DLQ record.',
      group: ERROR_GROUP,
      orderInGroup: 8,
      width: 'MEDIUM',
      displayName: 'Enable Error Context Headers',
    });
}

/** Kafka's SinkConnectorConfig.validate: exactly one of topics and topics.regex. */
export function ensureTopicsOrRegex(config: Readonly<Record<string, string>>): void {
  const hasTopics = (config.topics ?? '').trim() !== '';
  const hasRegex = (config['topics.regex'] ?? '').trim() !== '';
  if (hasTopics && hasRegex) {
    throw new ConfigError('topics and topics.regex are mutually exclusive options, but both are set.');
  }
  if (!hasTopics && !hasRegex) throw new ConfigError('Must configure one of topics or topics.regex');
}
