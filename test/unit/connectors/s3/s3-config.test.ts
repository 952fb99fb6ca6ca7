// The S3 sink's config as Kafka Connect's validate endpoint reports it: Confluent's keys, defaults
// and messages, each error on the key to fix.
import { describe, expect, it } from 'vitest';
import { validateSinkConnectorConfig } from '../../../../shared/config/validate-connector.ts';
import { parseS3SinkConfig, s3SinkConfigDef } from '../../../../shared/connectors/s3/config.ts';
import { builtinPlugins } from '../../../../shared/runtime/plugins/builtin-plugins.ts';

const VALID = {
  name: 's3-archive',
  'connector.class': 'io.confluent.connect.s3.S3SinkConnector',
  topics: 'orders',
  's3.bucket.name': 'archive',
  's3.region': 'eu-west-1',
  'format.class': 'io.confluent.connect.s3.format.json.JsonFormat',
  'flush.size': '1000',
};

function errors(config: Record<string, string>): Record<string, string[]> {
  const validation = validateSinkConnectorConfig(config, builtinPlugins());
  const out: Record<string, string[]> = {};
  for (const [name, value] of validation.values) if (value.errors.length > 0) out[name] = value.errors;
  return out;
}

describe('S3 sink config', () => {
  it('resolves by class name and alias, and a valid Confluent config has no errors', () => {
    expect(errors(VALID)).toEqual({});
    expect(errors({ ...VALID, 'connector.class': 'S3SinkConnector' })).toEqual({});
  });

  it("has Confluent's defaults", () => {
    const settings = parseS3SinkConfig(VALID);
    expect(settings).toMatchObject({
      topicsDir: 'topics',
      directoryDelim: '/',
      fileDelim: '+',
      zeroPadWidth: 10,
      partSize: 26214400,
      rotateIntervalMs: -1,
      rotateScheduleIntervalMs: -1,
      compression: { type: 'none' },
      nullValues: 'fail',
      conditionalWrites: false,
      parquetCodec: 'snappy',
      avroCodec: 'null',
    });
    expect(parseS3SinkConfig({ ...VALID, 's3.region': undefined as unknown as string }).region).toBe(
      'us-west-2',
    );
    expect(s3SinkConfigDef().key('partitioner.class')?.defaultValue).toBe(
      'io.confluent.connect.storage.partitioner.DefaultPartitioner',
    );
  });

  it('names the missing bucket, flush.size and format.class', () => {
    const { 's3.bucket.name': _, 'flush.size': __, 'format.class': ___, ...rest } = VALID;
    expect(errors(rest)).toEqual({
      's3.bucket.name': ['Missing required configuration "s3.bucket.name" which has no default value.'],
      'flush.size': ['Missing required configuration "flush.size" which has no default value.'],
      'format.class': ['Missing required configuration "format.class" which has no default value.'],
    });
  });

  it('refuses a region, part size or endpoint that cannot work, on their keys', () => {
    expect(errors({ ...VALID, 's3.region': 'europe' })).toEqual({
      's3.region': [
        'Invalid value europe for configuration s3.region: Not an AWS region name such as us-west-2',
      ],
    });
    expect(errors({ ...VALID, 's3.part.size': '1024' })['s3.part.size']).toEqual([
      'Invalid value 1024 for configuration s3.part.size: Part size must be at least: 5242880 bytes (5MB)',
    ]);
    expect(errors({ ...VALID, 'store.url': 'localhost:4566' })['store.url']).toEqual([
      'Invalid value localhost:4566 for configuration store.url: Must be an http:// or https:// URL of an S3 endpoint',
    ]);
  });

  it('refuses a path.format Joda-Time would refuse, naming the key and the bad letter', () => {
    const timeBased = {
      ...VALID,
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'partition.duration.ms': '3600000',
      locale: 'en-US',
      timezone: 'UTC',
      'timestamp.extractor': 'Record',
    };
    expect(errors({ ...timeBased, 'path.format': "'year'=YYYY/'month'=MM" })).toEqual({});
    expect(errors({ ...timeBased, 'path.format': 'year=YYYY/month=MM' })).toEqual({
      'path.format': [
        'Invalid value year=YYYY/month=MM for configuration path.format: Illegal pattern component: r',
      ],
    });
    expect(errors({ ...timeBased, 'path.format': '' })).toEqual({
      'path.format': ['Invalid value  for configuration path.format: Path format cannot be empty.'],
    });
    expect(errors({ ...timeBased, timezone: 'Mars/Olympus' })).toEqual({
      timezone: [
        "Invalid value Mars/Olympus for configuration timezone: The datetime zone id 'Mars/Olympus' is not recognised",
      ],
    });
    expect(
      errors({ ...timeBased, 'path.format': 'YYYY', 'partition.duration.ms': '-1', locale: '' }),
    ).toEqual({
      'partition.duration.ms': [
        'Invalid value -1 for configuration partition.duration.ms: Partition duration needs to be a positive.',
      ],
      locale: ['Invalid value  for configuration locale: Locale cannot be empty.'],
    });
  });

  it("reports Confluent's cross-key errors on every key concerned", () => {
    expect(
      errors({
        ...VALID,
        'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat',
        's3.compression.type': 'gzip',
      }),
    ).toEqual({
      'format.class': [
        'Compression Type gzip not valid for data format class: ( io.confluent.connect.s3.format.avro.AvroFormat ).',
      ],
      's3.compression.type': [
        'Compression Type gzip not valid for data format class: ( io.confluent.connect.s3.format.avro.AvroFormat ).',
      ],
    });
    expect(errors({ ...VALID, 'rotate.schedule.interval.ms': '600000' })).toEqual({
      timezone: ['timezone configuration must be set when using rotate.schedule.interval.ms'],
    });
    expect(
      errors({ ...VALID, 'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner' }),
    ).toEqual({
      'partition.field.name': ['Partition field name cannot be null or empty when using FieldPartitioner.'],
    });
    expect(errors({ ...VALID, 'format.class': 'com.example.CsvFormat' })['format.class']?.[0]).toMatch(
      /Class com.example.CsvFormat could not be found/,
    );
  });

  it('refuses by name what is not built rather than ignoring it', () => {
    expect(errors({ ...VALID, 'store.kafka.keys': 'true' })['store.kafka.keys']?.[0]).toMatch(
      /not available/,
    );
    expect(errors({ ...VALID, 'schema.compatibility': 'BACKWARD' })['schema.compatibility']?.[0]).toMatch(
      /only NONE/,
    );
  });

  it('task start throws the first problem as a ConfigError naming its key', () => {
    expect(() => parseS3SinkConfig({ ...VALID, 'flush.size': 'many' })).toThrow(
      'Invalid value many for configuration flush.size: Not a number of type INT',
    );
  });
});
