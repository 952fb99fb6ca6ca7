// io.confluent.connect.s3.S3SinkConnector's config keys, as Confluent defines them across
// S3SinkConnectorConfig, StorageSinkConnectorConfig, StorageCommonConfig and PartitionerConfig:
// same names, types, defaults and validator wording. Keys that only tune the Java client (proxy,
// elastic buffers, expect-continue) are accepted and ignored; features not built yet are refused
// by name with a clear error rather than silently ignored (see unsupportedProblems).
import { ConfigDef, type ConfigKeyInit, type ConfigValue, type Password } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { caseInsensitiveValidString, Range, validString } from '../../api/validators.ts';
import { PARTITIONER_CLASSES, partitionerKind, pathFormatProblem } from './partition/partitioners.ts';
import { timeZoneForId } from './time/time-zone.ts';

const FORMAT_PACKAGE = 'io.confluent.connect.s3.format.';
export const FORMAT_CLASSES = {
  json: `${FORMAT_PACKAGE}json.JsonFormat`,
  avro: `${FORMAT_PACKAGE}avro.AvroFormat`,
  parquet: `${FORMAT_PACKAGE}parquet.ParquetFormat`,
  bytearray: `${FORMAT_PACKAGE}bytearray.ByteArrayFormat`,
} as const;
export type FormatKind = keyof typeof FORMAT_CLASSES;

const PART_SIZE_MIN = 5 * 1024 * 1024;
const REGION = /^[a-z]{2,}(-[a-z]+)+-\d+$/;

const partSize = {
  ensureValid(name: string, value: unknown) {
    if (value === null || value === undefined)
      throw new ConfigError(name, value, 'Part size must be non-null');
    if ((value as number) < PART_SIZE_MIN)
      throw new ConfigError(name, value, `Part size must be at least: ${PART_SIZE_MIN} bytes (5MB)`);
  },
  toString: () => `[${PART_SIZE_MIN},...,2147483647]`,
};

const region = {
  ensureValid(name: string, value: unknown) {
    const text = String(value ?? '')
      .toLowerCase()
      .trim();
    if (!REGION.test(text)) throw new ConfigError(name, value, 'Not an AWS region name such as us-west-2');
  },
  toString: () => 'An AWS region name, e.g. us-west-2',
};

const timezone = {
  ensureValid(name: string, value: unknown) {
    const text = String(value ?? '').trim();
    if (text === '') return;
    try {
      timeZoneForId(text);
    } catch (error) {
      throw new ConfigError(name, value, (error as Error).message);
    }
  },
  toString: () => 'Any timezone accepted by: class org.joda.time.DateTimeZone',
};

const url = {
  ensureValid(name: string, value: unknown) {
    if (value === null || value === undefined || value === '') return;
    try {
      const parsed = new URL(String(value));
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new ConfigError(name, value, 'Must be an http:// or https:// URL of an S3 endpoint');
    }
  },
  toString: () => 'An http(s) URL',
};

const partitionFieldNames = {
  ensureValid(name: string, value: unknown) {
    for (const field of (value as string[] | null) ?? []) {
      if (field.trim() === '') throw new ConfigError(name, field, 'Field name cannot be null or empty');
      if (field.split('.').some((segment) => segment.trim() === ''))
        throw new ConfigError(
          name,
          field,
          'Field name cannot contain an empty or whitespace-only path segment',
        );
    }
  },
  toString: () => 'Validate partition field names is not null or empty',
};

/** Kafka's EnumValidator in S3SinkConnectorConfig: lower-cased, then one of the names. */
function lowerCaseEnum(...allowed: string[]) {
  const inner = validString(...allowed);
  return {
    ensureValid: (name: string, value: unknown) =>
      inner.ensureValid(name, typeof value === 'string' ? value.toLowerCase() : value),
    toString: () => inner.toString(),
  };
}

function key(
  init: Omit<ConfigKeyInit, 'importance'> & { importance?: ConfigKeyInit['importance'] },
): ConfigKeyInit {
  return { importance: 'LOW', ...init };
}

const KEYS: ConfigKeyInit[] = [
  // Connector (StorageSinkConnectorConfig)
  key({
    name: 'format.class',
    type: 'CLASS',
    importance: 'HIGH',
    group: 'Connector',
    documentation: `The format class to use when writing data to the store: ${Object.values(FORMAT_CLASSES).join(', ')}.`,
    recommendedValues: () => Object.values(FORMAT_CLASSES),
  }),
  key({
    name: 'flush.size',
    type: 'INT',
    importance: 'HIGH',
    group: 'Connector',
    documentation: 'Number of records written to store before invoking file commits.',
  }),
  key({
    name: 'rotate.interval.ms',
    type: 'LONG',
    defaultValue: -1,
    importance: 'HIGH',
    group: 'Connector',
    documentation:
      "The time interval in milliseconds to invoke file commits, measured on the timestamps the partitioner's timestamp.extractor returns (only with a time-based partitioner). A file opened with record time t is committed by the first record at or after t + interval.",
  }),
  key({
    name: 'rotate.schedule.interval.ms',
    type: 'LONG',
    defaultValue: -1,
    importance: 'MEDIUM',
    group: 'Connector',
    documentation:
      'Wall-clock file commits every this many milliseconds, aligned to midnight in `timezone` (which must be set). Breaks exactly-once delivery: replays cut objects elsewhere.',
  }),
  key({
    name: 'schema.cache.size',
    type: 'INT',
    defaultValue: 1000,
    group: 'Connector',
    documentation: 'The size of the schema cache used by the formats.',
  }),
  key({
    name: 'enhanced.avro.schema.support',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'Connector',
    documentation:
      'Enhanced Avro schema support (enum symbols, package names). Accepted; the Avro schema is derived as with the default.',
  }),
  key({
    name: 'connect.meta.data',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'Connector',
    documentation: 'Keep Connect schema metadata (connect.name, connect.version, ...) in the Avro schema.',
  }),
  key({
    name: 'retry.backoff.ms',
    type: 'LONG',
    defaultValue: 5000,
    group: 'Connector',
    documentation: 'The retry backoff in milliseconds after a retriable failure.',
  }),
  key({
    name: 'filename.offset.zero.pad.width',
    type: 'INT',
    defaultValue: 10,
    validator: Range.atLeast(0),
    group: 'Connector',
    documentation: 'Width to zero-pad offsets in the object names to.',
  }),
  key({
    name: 'avro.codec',
    type: 'STRING',
    defaultValue: 'null',
    validator: validString('null', 'deflate', 'snappy', 'bzip2'),
    group: 'Connector',
    documentation:
      'The Avro compression codec: null, deflate or snappy (bzip2 is refused: no maintained JavaScript codec).',
  }),
  key({
    name: 'parquet.codec',
    type: 'STRING',
    defaultValue: 'snappy',
    validator: validString('none', 'snappy', 'gzip', 'lzo', 'brotli', 'lz4', 'zstd'),
    group: 'Connector',
    documentation: 'The Parquet compression codec: none, snappy or gzip (the others are refused).',
  }),
  key({
    name: 'allow.optional.map.keys',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'Connector',
    documentation: 'Allow optional string map keys when converting to Avro.',
  }),
  key({
    name: 'schema.compatibility',
    type: 'STRING',
    defaultValue: 'NONE',
    validator: caseInsensitiveValidString('NONE', 'BACKWARD', 'FORWARD', 'FULL'),
    group: 'Schema',
    documentation:
      'How schema changes are handled: NONE starts a new object on every schema change (only NONE is available here).',
  }),
  // Storage common
  key({
    name: 'storage.class',
    type: 'CLASS',
    defaultValue: 'io.confluent.connect.s3.storage.S3Storage',
    group: 'Storage',
    documentation: 'The underlying storage layer (S3 only).',
  }),
  key({
    name: 'store.url',
    type: 'STRING',
    defaultValue: null,
    validator: url,
    importance: 'HIGH',
    group: 'Storage',
    documentation: 'The S3 endpoint, for S3-compatible stores (LocalStack, MinIO); empty for AWS.',
  }),
  key({
    name: 'topics.dir',
    type: 'STRING',
    defaultValue: 'topics',
    importance: 'HIGH',
    group: 'Storage',
    documentation: 'Top-level prefix of the objects; blank for none.',
  }),
  key({
    name: 'directory.delim',
    type: 'STRING',
    defaultValue: '/',
    importance: 'MEDIUM',
    group: 'Storage',
    documentation: 'Directory delimiter pattern.',
  }),
  key({
    name: 'file.delim',
    type: 'STRING',
    defaultValue: '+',
    importance: 'MEDIUM',
    group: 'Storage',
    documentation: 'File delimiter pattern.',
  }),
  // Partitioner
  key({
    name: 'partitioner.class',
    type: 'CLASS',
    defaultValue: PARTITIONER_CLASSES[0],
    importance: 'HIGH',
    group: 'Partitioner',
    documentation: `The partitioner: ${PARTITIONER_CLASSES.join(', ')}.`,
    recommendedValues: () => [...PARTITIONER_CLASSES],
  }),
  key({
    name: 'partition.field.name',
    type: 'LIST',
    defaultValue: '',
    validator: partitionFieldNames,
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation: 'The name of the partitioning field when FieldPartitioner is used.',
  }),
  key({
    name: 'partition.duration.ms',
    type: 'LONG',
    defaultValue: -1,
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation: 'The duration of a partition in milliseconds used by TimeBasedPartitioner.',
  }),
  key({
    name: 'path.format',
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation:
      "The Joda-Time pattern of the data directories with TimeBasedPartitioner, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH.",
  }),
  key({
    name: 'locale',
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation: 'The locale to use when partitioning with TimeBasedPartitioner (month and day names).',
  }),
  key({
    name: 'timezone',
    type: 'STRING',
    defaultValue: '',
    validator: timezone,
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation:
      'The timezone to use when partitioning with TimeBasedPartitioner: a tz database id, UTC, or a fixed offset [+-]hh:mm.',
  }),
  key({
    name: 'timestamp.extractor',
    type: 'STRING',
    defaultValue: 'Wallclock',
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation: 'Wallclock, Record or RecordField.',
  }),
  key({
    name: 'timestamp.field',
    type: 'STRING',
    defaultValue: 'timestamp',
    importance: 'MEDIUM',
    group: 'Partitioner',
    documentation: 'The record field used as timestamp by the RecordField extractor.',
  }),
  // S3
  key({
    name: 's3.bucket.name',
    type: 'STRING',
    importance: 'HIGH',
    group: 'S3',
    documentation: 'The S3 Bucket.',
  }),
  key({
    name: 's3.region',
    type: 'STRING',
    defaultValue: 'us-west-2',
    validator: region,
    importance: 'MEDIUM',
    group: 'S3',
    documentation: 'The AWS region to be used the connector.',
  }),
  key({
    name: 's3.part.size',
    type: 'INT',
    defaultValue: 25 * 1024 * 1024,
    validator: partSize,
    importance: 'HIGH',
    group: 'S3',
    documentation:
      'The Part Size in S3 Multi-part Uploads. Objects no larger than one part are written with a single PutObject.',
  }),
  key({
    name: 's3.object.tagging',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'S3',
    documentation: 'Tag S3 objects with start and end offsets, as well as record count.',
  }),
  key({
    name: 's3.object.tagging.key.value.pairs',
    type: 'LIST',
    defaultValue: '',
    group: 'S3',
    documentation: 'Additional S3 tag key value pairs (key:value).',
  }),
  key({
    name: 's3.object.behavior.on.tagging.error',
    type: 'STRING',
    defaultValue: 'ignore',
    validator: lowerCaseEnum('ignore', 'fail'),
    group: 'S3',
    documentation: "How to handle S3 object tagging error. Valid options are 'ignore' and 'fail'.",
  }),
  key({
    name: 's3.credentials.provider.class',
    type: 'CLASS',
    defaultValue: 'software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider',
    group: 'S3',
    documentation:
      "Accepted for compatibility; credentials come from the task's role (the AWS SDK's default chain) or aws.access.key.id/aws.secret.access.key.",
  }),
  key({
    name: 'aws.access.key.id',
    type: 'STRING',
    defaultValue: '',
    importance: 'HIGH',
    group: 'S3',
    documentation: 'An AWS access key id; empty: the default credential chain.',
  }),
  key({
    name: 'aws.secret.access.key',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    group: 'S3',
    documentation: 'The secret of aws.access.key.id.',
  }),
  key({
    name: 's3.ssea.name',
    type: 'STRING',
    defaultValue: '',
    validator: validString('', 'AES256', 'aws:kms', 'aws:kms:dsse'),
    group: 'S3',
    documentation: 'The S3 Server Side Encryption Algorithm.',
  }),
  key({
    name: 's3.sse.customer.key',
    type: 'PASSWORD',
    defaultValue: null,
    group: 'S3',
    documentation: 'The S3 Server Side Encryption Customer-Provided Key (SSE-C).',
  }),
  key({
    name: 's3.sse.kms.key.id',
    type: 'STRING',
    defaultValue: '',
    group: 'S3',
    documentation: 'The AWS KMS key for server side encryption with aws:kms.',
  }),
  key({
    name: 's3.acl.canned',
    type: 'STRING',
    defaultValue: null,
    validator: {
      ensureValid: (name, value) => {
        if (value !== null && !CANNED_ACLS.includes(String(value).trim()))
          throw new ConfigError(name, value, `Value must be one of: [${CANNED_ACLS.join(', ')}]`);
      },
      toString: () => `[${CANNED_ACLS.join(', ')}]`,
    },
    group: 'S3',
    documentation: 'An S3 canned ACL header value to apply when writing objects.',
  }),
  key({
    name: 's3.wan.mode',
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    group: 'S3',
    documentation: 'Use S3 accelerated endpoint.',
  }),
  key({
    name: 's3.compression.type',
    type: 'STRING',
    defaultValue: 'none',
    validator: {
      ensureValid: (name, value) => {
        if (!['none', 'gzip'].includes(String(value).trim()))
          throw new ConfigError(name, value, 'Value must be one of: [none, gzip]');
      },
      toString: () => '[[none, gzip]]',
    },
    group: 'S3',
    documentation: 'Compression type for files written to S3 (JsonFormat and ByteArrayFormat): none or gzip.',
  }),
  key({
    name: 's3.compression.level',
    type: 'INT',
    defaultValue: -1,
    validator: Range.between(-1, 9),
    group: 'S3',
    documentation: 'Compression level: -1 for the default, or 0 (none) to 9 (best).',
  }),
  key({
    name: 'json.decimal.format',
    type: 'STRING',
    defaultValue: 'BASE64',
    validator: caseInsensitiveValidString('BASE64', 'NUMERIC'),
    importance: 'MEDIUM',
    group: 'S3',
    documentation:
      "Controls which format json converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
  }),
  key({
    name: 's3.part.retries',
    type: 'INT',
    defaultValue: 3,
    validator: Range.atLeast(0),
    importance: 'MEDIUM',
    group: 'S3',
    documentation:
      'Maximum number of retry attempts for failed requests (the AWS SDK retries with backoff). Zero means no retries.',
  }),
  key({
    name: 's3.retry.backoff.ms',
    type: 'LONG',
    defaultValue: 200,
    validator: Range.atLeast(0),
    group: 'S3',
    documentation:
      "Accepted for compatibility: retries wait as the AWS SDK's standard retry strategy decides (exponential backoff with jitter).",
  }),
  key({
    name: 'format.bytearray.extension',
    type: 'STRING',
    defaultValue: '.bin',
    group: 'S3',
    documentation: 'Output file extension for ByteArrayFormat.',
  }),
  key({
    name: 'format.bytearray.separator',
    type: 'STRING',
    defaultValue: null,
    group: 'S3',
    documentation: 'String inserted between records for ByteArrayFormat; a line feed by default.',
  }),
  key({
    name: 's3.proxy.url',
    type: 'STRING',
    defaultValue: '',
    group: 'S3',
    documentation:
      'Accepted for compatibility and ignored (use the standard HTTPS_PROXY environment of the task).',
  }),
  key({
    name: 's3.proxy.user',
    type: 'STRING',
    defaultValue: null,
    group: 'S3',
    documentation: 'Accepted for compatibility and ignored.',
  }),
  key({
    name: 's3.proxy.password',
    type: 'PASSWORD',
    defaultValue: null,
    group: 'S3',
    documentation: 'Accepted for compatibility and ignored.',
  }),
  key({
    name: 's3.http.send.expect.continue',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'S3',
    documentation: 'Accepted for compatibility and ignored.',
  }),
  key({
    name: 'behavior.on.null.values',
    type: 'STRING',
    defaultValue: 'fail',
    validator: lowerCaseEnum('ignore', 'fail', 'write'),
    group: 'S3',
    documentation:
      "How to handle records with a null value (tombstones): 'ignore' skips them, 'fail' fails the task ('write' needs store.kafka.keys, which is not available yet).",
  }),
  key({
    name: 'report.null.values.to.dlq',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'S3',
    documentation: 'Accepted; skipped null values are not sent to the DLQ here.',
  }),
  key({
    name: 'max.write.duration.ms',
    type: 'LONG',
    defaultValue: Number.MAX_SAFE_INTEGER,
    group: 'S3',
    documentation: 'Accepted and ignored: a task invocation already bounds its time.',
  }),
  key({
    name: 'rotate.file.on.partition.change',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'S3',
    documentation:
      'With rotate.interval.ms and a timestamp extractor, commit the open files when a record belongs to another encoded partition than the previous one.',
  }),
  key({
    name: 'tombstone.encoded.partition',
    type: 'STRING',
    defaultValue: 'tombstone',
    group: 'S3',
    documentation: 'Output folder for tombstones when behavior.on.null.values=write.',
  }),
  key({
    name: 's3.schema.partition.affix.type',
    type: 'STRING',
    defaultValue: 'NONE',
    validator: validString('SUFFIX', 'PREFIX', 'NONE'),
    group: 'S3',
    documentation: 'Append the record schema name to the path (only NONE is available here).',
  }),
  key({
    name: 's3.send.digest',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'S3',
    documentation: 'Send a Content-MD5 digest with each part.',
  }),
  key({
    name: 'enable.conditional.writes',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'S3',
    documentation:
      'With rotate.schedule.interval.ms: write objects with If-None-Match: * so a replay never replaces an object it cut differently; an existing object makes the task continue after its records.',
  }),
  key({
    name: 'store.kafka.keys',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'Keys and Headers',
    documentation: 'Write record keys beside the values (not available yet).',
  }),
  key({
    name: 'store.kafka.headers',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'Keys and Headers',
    documentation: 'Write record headers beside the values (not available yet).',
  }),
  key({
    name: 'keys.format.class',
    type: 'CLASS',
    defaultValue: FORMAT_CLASSES.avro,
    group: 'Keys and Headers',
    documentation: 'The format class to use when writing keys to the store.',
  }),
  key({
    name: 'headers.format.class',
    type: 'CLASS',
    defaultValue: FORMAT_CLASSES.avro,
    group: 'Keys and Headers',
    documentation: 'The format class to use when writing headers to the store.',
  }),
  key({
    name: 's3.path.style.access.enabled',
    type: 'BOOLEAN',
    defaultValue: true,
    group: 'Keys and Headers',
    documentation: 'Specifies whether or not to enable path style access to the bucket used by the connector',
  }),
  key({
    name: 's3.elastic.buffer.enable',
    type: 'BOOLEAN',
    defaultValue: false,
    group: 'Keys and Headers',
    documentation: 'Accepted for compatibility and ignored.',
  }),
  key({
    name: 's3.elastic.buffer.init.capacity',
    type: 'INT',
    defaultValue: 128 * 1024,
    validator: Range.atLeast(4096),
    group: 'Keys and Headers',
    documentation: 'Accepted for compatibility and ignored.',
  }),
];

const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
];

export function s3SinkConfigDef(): ConfigDef {
  const def = new ConfigDef();
  for (const init of KEYS) def.define(init);
  return def;
}

export interface S3SinkSettings {
  readonly bucket: string;
  readonly region: string;
  readonly endpoint: string | null;
  readonly pathStyle: boolean;
  readonly accelerate: boolean;
  readonly credentials: { accessKeyId: string; secretAccessKey: string } | null;
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly format: FormatKind;
  readonly flushSize: number;
  readonly rotateIntervalMs: number;
  readonly rotateScheduleIntervalMs: number;
  readonly rotateOnPartitionChange: boolean;
  readonly zeroPadWidth: number;
  readonly partSize: number;
  readonly partRetries: number;
  readonly retryBackoffMs: number;
  readonly compression: { type: 'none' } | { type: 'gzip'; level: number };
  readonly avroCodec: 'null' | 'deflate' | 'snappy';
  readonly parquetCodec: 'none' | 'snappy' | 'gzip';
  readonly decimalFormat: string;
  readonly schemaCacheSize: number;
  readonly byteArrayExtension: string;
  readonly byteArraySeparator: string;
  readonly nullValues: 'ignore' | 'fail';
  readonly conditionalWrites: boolean;
  readonly tagging: {
    readonly enabled: boolean;
    readonly extra: readonly [string, string][];
    readonly failOnError: boolean;
  };
  readonly encryption: { algorithm: string; kmsKeyId: string; customerKey: string | null };
  readonly cannedAcl: string | null;
  readonly sendDigest: boolean;
  readonly partitioner: {
    readonly partitionerClass: string;
    readonly directoryDelim: string;
    readonly partitionFieldNames: readonly string[];
    readonly partitionDurationMs: number;
    readonly pathFormat: string;
    readonly locale: string;
    readonly timezone: string;
    readonly timestampExtractor: string;
    readonly timestampField: string;
  };
}

/** The format a format.class names (FQCN or simple name), or undefined. */
export function formatKind(className: string): FormatKind | undefined {
  for (const [kind, fqcn] of Object.entries(FORMAT_CLASSES) as [FormatKind, string][]) {
    if (className === fqcn || className === fqcn.slice(fqcn.lastIndexOf('.') + 1)) return kind;
  }
  return undefined;
}

/**
 * Problems across keys, as Confluent's S3SinkConnectorValidator, FieldPartitionerValidator and
 * the partitioner's configure() report them, each on the key(s) it concerns.
 */
export function crossKeyProblems(
  config: Readonly<Record<string, unknown>>,
): { keys: string[]; message: string }[] {
  let parsed: Record<string, unknown>;
  try {
    parsed = s3SinkConfigDef().parse(config);
  } catch {
    // As Confluent's validator: not ready for cross validation until every key parses.
    return [];
  }
  const problems: { keys: string[]; message: string }[] = [];
  const formatClass = String(parsed['format.class']).trim();
  const format = formatKind(formatClass);
  if (format === undefined) {
    problems.push({
      keys: ['format.class'],
      message: `Invalid value ${formatClass} for configuration format.class: Class ${formatClass} could not be found. Available: ${Object.values(FORMAT_CLASSES).join(', ')}`,
    });
  } else if (
    String(parsed['s3.compression.type']).trim() === 'gzip' &&
    format !== 'json' &&
    format !== 'bytearray'
  ) {
    problems.push({
      keys: ['format.class', 's3.compression.type'],
      message: `Compression Type gzip not valid for data format class: ( ${FORMAT_CLASSES[format]} ).`,
    });
  }
  const nullBehavior = String(parsed['behavior.on.null.values']).toLowerCase();
  if (nullBehavior === 'write' && parsed['store.kafka.keys'] !== true) {
    problems.push({
      keys: ['store.kafka.keys', 'behavior.on.null.values'],
      message: 'Writing Kafka record keys to storage is mandatory when tombstone writing is enabled.',
    });
  }
  if (parsed['s3.wan.mode'] === true && parsed['s3.path.style.access.enabled'] === true) {
    problems.push({
      keys: ['s3.wan.mode', 's3.path.style.access.enabled'],
      message:
        'Both accelerate mode and path style access are being enabled. These options are mutually exclusive and cannot be enabled together. Please disable one of them',
    });
  }
  if ((parsed['rotate.schedule.interval.ms'] as number) > 0 && String(parsed.timezone).trim() === '') {
    problems.push({
      keys: ['timezone'],
      message: 'timezone configuration must be set when using rotate.schedule.interval.ms',
    });
  }
  const partitionerClass = String(parsed['partitioner.class']).trim();
  const kind = partitionerKind(partitionerClass);
  const delim = String(parsed['directory.delim']);
  if (kind === undefined) {
    problems.push({
      keys: ['partitioner.class'],
      message: `Invalid value ${partitionerClass} for configuration partitioner.class: Class ${partitionerClass} could not be found. Available: ${PARTITIONER_CLASSES.join(', ')}`,
    });
  } else if (kind === 'FieldPartitioner' && (parsed['partition.field.name'] as string[]).length === 0) {
    problems.push({
      keys: ['partition.field.name'],
      message: 'Partition field name cannot be null or empty when using FieldPartitioner.',
    });
  } else if (kind === 'TimeBasedPartitioner' || kind === 'DailyPartitioner' || kind === 'HourlyPartitioner') {
    const invalid = (k: string, v: unknown, why: string) =>
      problems.push({ keys: [k], message: `Invalid value ${String(v)} for configuration ${k}: ${why}` });
    if (kind === 'TimeBasedPartitioner') {
      const duration = parsed['partition.duration.ms'] as number;
      if (duration <= 0)
        invalid('partition.duration.ms', duration, 'Partition duration needs to be a positive.');
      const pathFormat = String(parsed['path.format']);
      const problem = pathFormatProblem(pathFormat, delim);
      if (problem) invalid('path.format', pathFormat, problem);
    }
    if (String(parsed.locale).trim() === '') invalid('locale', parsed.locale, 'Locale cannot be empty.');
    if (String(parsed.timezone).trim() === '')
      invalid('timezone', parsed.timezone, 'Timezone cannot be empty.');
    const extractor = String(parsed['timestamp.extractor']);
    if (
      !/^(io\.confluent\.connect\.storage\.partitioner\.TimeBasedPartitioner\$)?(Wallclock|Record|RecordField)(TimestampExtractor)?$/.test(
        extractor,
      )
    )
      invalid(
        'timestamp.extractor',
        extractor,
        'Invalid timestamp extractor: only Wallclock, Record and RecordField are available',
      );
  }
  problems.push(...unsupportedProblems(parsed));
  return problems;
}

/** Keys whose values select something this implementation does not do: refused by name. */
function unsupportedProblems(parsed: Record<string, unknown>): { keys: string[]; message: string }[] {
  const problems: { keys: string[]; message: string }[] = [];
  const refuse = (k: string, why: string) =>
    problems.push({
      keys: [k],
      message: `Invalid value ${String(parsed[k])} for configuration ${k}: ${why}`,
    });
  if (parsed['store.kafka.keys'] === true)
    refuse('store.kafka.keys', 'writing keys beside the values is not available in serverless-connect yet');
  if (parsed['store.kafka.headers'] === true)
    refuse(
      'store.kafka.headers',
      'writing headers beside the values is not available in serverless-connect yet',
    );
  if (String(parsed['schema.compatibility']).toUpperCase() !== 'NONE')
    refuse('schema.compatibility', 'only NONE is available in serverless-connect');
  if (parsed['s3.schema.partition.affix.type'] !== 'NONE')
    refuse('s3.schema.partition.affix.type', 'only NONE is available in serverless-connect');
  if (parsed['avro.codec'] === 'bzip2')
    refuse('avro.codec', 'bzip2 is not available in serverless-connect (null, deflate, snappy are)');
  if (!['none', 'snappy', 'gzip'].includes(String(parsed['parquet.codec'])))
    refuse('parquet.codec', 'only none, snappy and gzip are available in serverless-connect');
  const storage = String(parsed['storage.class']);
  if (storage !== 'io.confluent.connect.s3.storage.S3Storage' && storage !== 'S3Storage')
    refuse('storage.class', 'only io.confluent.connect.s3.storage.S3Storage is available');
  return problems;
}

/** Applies crossKeyProblems to a REST validation result, as Confluent's validator does. */
export function addCrossKeyErrors(
  config: Readonly<Record<string, unknown>>,
  values: Map<string, ConfigValue>,
): void {
  for (const problem of crossKeyProblems(config)) {
    for (const k of problem.keys) values.get(k)?.errors.push(problem.message);
  }
}

/** Parses and checks everything; throws the first problem as a ConfigError naming its key. */
export function parseS3SinkConfig(config: Readonly<Record<string, unknown>>): S3SinkSettings {
  const p = s3SinkConfigDef().parse(config);
  const problems = crossKeyProblems(config);
  if (problems.length > 0) {
    const error = new ConfigError(problems[0]!.message);
    throw Object.assign(error, { key: problems[0]!.keys[0] });
  }
  const str = (k: string) => String(p[k] ?? '');
  const accessKey = str('aws.access.key.id').trim();
  const secret = (p['aws.secret.access.key'] as Password | null)?.value ?? '';
  const tagPairs = (p['s3.object.tagging.key.value.pairs'] as string[]).map((pair) => {
    const [k, v = ''] = pair.split(':');
    return [k!, v] as [string, string];
  });
  return {
    bucket: str('s3.bucket.name').trim(),
    region: str('s3.region').toLowerCase().trim(),
    endpoint: str('store.url').trim() || null,
    pathStyle: p['s3.path.style.access.enabled'] as boolean,
    accelerate: p['s3.wan.mode'] as boolean,
    credentials: accessKey && secret ? { accessKeyId: accessKey, secretAccessKey: secret } : null,
    topicsDir: str('topics.dir'),
    directoryDelim: str('directory.delim'),
    fileDelim: str('file.delim'),
    format: formatKind(str('format.class').trim())!,
    flushSize: p['flush.size'] as number,
    rotateIntervalMs: p['rotate.interval.ms'] as number,
    rotateScheduleIntervalMs: p['rotate.schedule.interval.ms'] as number,
    rotateOnPartitionChange: p['rotate.file.on.partition.change'] as boolean,
    zeroPadWidth: p['filename.offset.zero.pad.width'] as number,
    partSize: p['s3.part.size'] as number,
    partRetries: p['s3.part.retries'] as number,
    retryBackoffMs: p['s3.retry.backoff.ms'] as number,
    compression:
      str('s3.compression.type').trim() === 'gzip'
        ? {
            type: 'gzip',
            level: p['s3.compression.level'] === -1 ? 6 : (p['s3.compression.level'] as number),
          }
        : { type: 'none' },
    avroCodec: str('avro.codec') as S3SinkSettings['avroCodec'],
    parquetCodec: str('parquet.codec') as S3SinkSettings['parquetCodec'],
    decimalFormat: str('json.decimal.format').toUpperCase(),
    schemaCacheSize: p['schema.cache.size'] as number,
    byteArrayExtension: str('format.bytearray.extension'),
    // Confluent reads the raw string (ConfigDef would trim a default line separator away).
    byteArraySeparator:
      typeof config['format.bytearray.separator'] === 'string'
        ? (config['format.bytearray.separator'] as string)
        : '\n',
    nullValues: str('behavior.on.null.values').toLowerCase() as 'ignore' | 'fail',
    conditionalWrites:
      (p['enable.conditional.writes'] as boolean) && (p['rotate.schedule.interval.ms'] as number) !== -1,
    tagging: {
      enabled: p['s3.object.tagging'] as boolean,
      extra: tagPairs,
      failOnError: str('s3.object.behavior.on.tagging.error').toLowerCase() === 'fail',
    },
    encryption: {
      algorithm: str('s3.ssea.name'),
      kmsKeyId: str('s3.sse.kms.key.id'),
      customerKey: (p['s3.sse.customer.key'] as Password | null)?.value || null,
    },
    cannedAcl: (p['s3.acl.canned'] as string | null)?.trim() || null,
    sendDigest: p['s3.send.digest'] as boolean,
    partitioner: {
      partitionerClass: str('partitioner.class').trim(),
      directoryDelim: str('directory.delim'),
      partitionFieldNames: p['partition.field.name'] as string[],
      partitionDurationMs: p['partition.duration.ms'] as number,
      pathFormat: str('path.format'),
      locale: str('locale'),
      timezone: str('timezone').trim(),
      timestampExtractor: str('timestamp.extractor').trim(),
      timestampField: str('timestamp.field').trim(),
    },
  };
}
