// org.apache.kafka.connect.transforms.TimestampRouter: the topic becomes topic.format with ${topic}
// and ${timestamp} (the record timestamp in UTC, formatted with timestamp.format) filled in.
import { ConfigDef } from '../api/config-def.ts';
import { DataError } from '../api/errors.ts';
import type { ConnectRecord } from '../api/record.ts';
import type { Transformation } from '../api/transformation.ts';
import { SimpleDateFormat } from '../api/values/simple-date-format.ts';
import { handOn } from './util/owned-values.ts';

// Kafka's placeholders; spelt out with '$' + '{' so they cannot be mistaken for template strings.
const TOPIC = '$' + '{topic}';
const TIMESTAMP = '$' + '{timestamp}';
const DEFAULT_TOPIC_FORMAT = `${TOPIC}-${TIMESTAMP}`;

export const timestampRouterConfigDef = (): ConfigDef =>
  new ConfigDef()
    .define({
      name: 'topic.format',
      type: 'STRING',
      defaultValue: DEFAULT_TOPIC_FORMAT,
      importance: 'HIGH',
      documentation: `Format string which can contain <code>${TOPIC}</code> and <code>${TIMESTAMP}</code> as placeholders for the topic and timestamp, respectively.`,
    })
    .define({
      name: 'timestamp.format',
      type: 'STRING',
      defaultValue: 'yyyyMMdd',
      importance: 'HIGH',
      documentation:
        'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    });

export class TimestampRouter implements Transformation {
  #topicFormat = DEFAULT_TOPIC_FORMAT;
  #timestampFormat: SimpleDateFormat | Error = new SimpleDateFormat('yyyyMMdd');
  #lastTopic: string | null = null;
  #lastTimestamp = '';
  #lastRouted = '';

  config(): ConfigDef {
    return timestampRouterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>): void {
    const parsed = this.config().parse(configs);
    this.#topicFormat = parsed['topic.format'] as string;
    // Kafka builds the SimpleDateFormat lazily, so a bad pattern fails the first apply (with
    // IllegalArgumentException), not configure.
    try {
      this.#timestampFormat = new SimpleDateFormat(parsed['timestamp.format'] as string);
    } catch (error) {
      this.#timestampFormat = error as Error;
    }
    this.#lastTopic = null;
  }

  /** Consecutive records mostly share topic and period: the last result is kept. */
  #routedTopic(topic: string, timestamp: string): string {
    if (topic !== this.#lastTopic || timestamp !== this.#lastTimestamp) {
      // Replaced in this order, as Kafka does: a topic containing "${timestamp}" gets it filled in too.
      this.#lastRouted = this.#topicFormat.replaceAll(TOPIC, topic).replaceAll(TIMESTAMP, timestamp);
      this.#lastTopic = topic;
      this.#lastTimestamp = timestamp;
    }
    return this.#lastRouted;
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.timestamp === null) throw new DataError(`Timestamp missing on record: ${describe(record)}`);
    const format = this.#timestampFormat;
    if (format instanceof Error) throw format;
    const timestamp = format.formatEpochMillis(record.timestamp);
    const topic = this.#routedTopic(record.topic, timestamp);
    return handOn(record, { ...record, topic }, record.value);
  }
}

function describe(record: ConnectRecord): string {
  return `ConnectRecord{topic='${record.topic}', kafkaPartition=${record.kafkaPartition}, timestamp=null}`;
}
