// Per-record work between Kafka and the sink: key, value and header converters, then the
// transformation chain. Each step reports its stage and plugin class when it fails.
import type { Converter, HeaderConverter } from '../../api/converter.ts';
import { Headers } from '../../api/headers.ts';
import type { SinkRecord } from '../../api/record.ts';
import type { KafkaRecord } from '../../kafka/types.ts';
import { StageError } from './stage-error.ts';

/** The transformation chain as the pipeline sees it. */
export interface RecordTransformer {
  /** `inputOwned`: the record's value was made for this call alone and may be changed in place. */
  apply(record: SinkRecord, inputOwned?: boolean): SinkRecord | null;
  /** Releases the SMTs' resources when the task stops. */
  close?(): void;
}

export interface NamedConverter<C> {
  readonly className: string;
  readonly converter: C;
}

export interface SinkPipelineParts {
  readonly key: NamedConverter<Converter>;
  readonly value: NamedConverter<Converter>;
  readonly header: NamedConverter<HeaderConverter>;
  readonly transformer: RecordTransformer | null;
}

export class SinkRecordPipeline {
  readonly #parts: SinkPipelineParts;

  constructor(parts: SinkPipelineParts) {
    this.#parts = parts;
  }

  close(): void {
    this.#parts.transformer?.close?.();
  }

  /** True when a converter needs prepare() before a batch (a schema registry converter). */
  get needsPreparation(): boolean {
    const { key, value } = this.#parts;
    return key.converter.prepareToConnect !== undefined || value.converter.prepareToConnect !== undefined;
  }

  /**
   * Lets the key and value converters do their I/O for a batch of one topic (schema lookups) before
   * process() converts its records synchronously. Failures surface per record in process().
   */
  async prepare(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    const { key, value } = this.#parts;
    await Promise.all([
      key.converter.prepareToConnect?.(
        topic,
        records.map((r) => r.key),
      ),
      value.converter.prepareToConnect?.(
        topic,
        records.map((r) => r.value),
      ),
    ]);
  }

  /** The record for the sink, or null when a transformation dropped it. Throws StageError. */
  process(raw: KafkaRecord): SinkRecord | null {
    const record = this.convert(raw);
    const transformer = this.#parts.transformer;
    if (transformer === null) return record;
    try {
      // The converted record never leaves this method, so when the converter made its value afresh
      // the chain may change it in place.
      return transformer.apply(record, this.#parts.value.converter.freshValues === true);
    } catch (error) {
      if (error instanceof StageError) throw error;
      const failedClass = (error as { pluginClass?: unknown }).pluginClass;
      throw new StageError(
        'TRANSFORMATION',
        typeof failedClass === 'string' ? failedClass : 'unknown',
        error,
      );
    }
  }

  convert(raw: KafkaRecord): SinkRecord {
    const { key, value, header } = this.#parts;
    const headers = new Headers();
    if (raw.headers.length > 0) {
      try {
        for (const [name, bytes] of raw.headers) {
          const converted = header.converter.toConnectHeader(raw.topic, name, bytes);
          headers.add(name, converted.value, converted.schema);
        }
      } catch (error) {
        throw new StageError('HEADER_CONVERTER', header.className, error);
      }
    }
    let keyData: ReturnType<Converter['toConnectData']>;
    try {
      keyData = key.converter.toConnectData(raw.topic, headers, raw.key);
    } catch (error) {
      throw new StageError('KEY_CONVERTER', key.className, error);
    }
    let valueData: ReturnType<Converter['toConnectData']>;
    try {
      valueData = value.converter.toConnectData(raw.topic, headers, raw.value);
    } catch (error) {
      throw new StageError('VALUE_CONVERTER', value.className, error);
    }
    return {
      topic: raw.topic,
      kafkaPartition: raw.partition,
      kafkaOffset: raw.offset,
      keySchema: keyData.schema,
      key: keyData.value,
      valueSchema: valueData.schema,
      value: valueData.value,
      timestamp: raw.timestampType === 'NoTimestampType' ? null : raw.timestamp,
      timestampType: raw.timestampType,
      headers,
      originalTopic: raw.topic,
      originalKafkaPartition: raw.partition,
      originalKafkaOffset: raw.offset,
    };
  }
}
