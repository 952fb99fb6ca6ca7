// Per-record work between a source task and Kafka, the sink pipeline turned around: the
// transformation chain first, then the header, key and value converters. Each step reports its
// stage and plugin class when it fails, as Kafka Connect's AbstractWorkerSourceTask does.
import type { Converter, HeaderConverter } from '../../api/converter.ts';
import type { SourceRecord } from '../../api/record.ts';
import type { SourceProducerRecord } from '../../kafka/types.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import type { NamedConverter } from './pipeline.ts';
import { createConverter, createHeaderConverter } from './sink-pipeline-factory.ts';
import { StageError } from './stage-error.ts';
import type { TransformationChain } from './transformation-chain.ts';

export interface SourcePipelineParts {
  readonly key: NamedConverter<Converter>;
  readonly value: NamedConverter<Converter>;
  readonly header: NamedConverter<HeaderConverter>;
  readonly transformer: TransformationChain | null;
}

export class SourceRecordPipeline {
  readonly #parts: SourcePipelineParts;

  constructor(parts: SourcePipelineParts) {
    this.#parts = parts;
  }

  close(): void {
    this.#parts.transformer?.close();
  }

  /** The record for Kafka, or null when a transformation dropped it. Throws StageError. */
  process(record: SourceRecord): SourceProducerRecord | null {
    const transformed = this.transform(record);
    return transformed === null ? null : this.convert(transformed);
  }

  transform(record: SourceRecord): SourceRecord | null {
    const chain = this.#parts.transformer;
    if (chain === null) return record;
    // The task may still hold the record's value (a struct it keeps building on), so never in place.
    return chain.apply(record, false);
  }

  convert(record: SourceRecord): SourceProducerRecord {
    const { key, value, header } = this.#parts;
    const headers: Array<readonly [string, Buffer | null]> = [];
    if (record.headers.size > 0) {
      try {
        for (const h of record.headers) {
          headers.push([h.key, header.converter.fromConnectHeader(record.topic, h.key, h.schema, h.value)]);
        }
      } catch (error) {
        throw new StageError('HEADER_CONVERTER', header.className, error);
      }
    }
    let keyBytes: Buffer | null;
    try {
      keyBytes = key.converter.fromConnectData(record.topic, record.headers, record.keySchema, record.key);
    } catch (error) {
      throw new StageError('KEY_CONVERTER', key.className, error);
    }
    let valueBytes: Buffer | null;
    try {
      valueBytes = value.converter.fromConnectData(
        record.topic,
        record.headers,
        record.valueSchema,
        record.value,
      );
    } catch (error) {
      throw new StageError('VALUE_CONVERTER', value.className, error);
    }
    return {
      topic: record.topic,
      ...(record.kafkaPartition !== null && record.kafkaPartition !== undefined
        ? { partition: record.kafkaPartition }
        : {}),
      key: keyBytes,
      value: valueBytes,
      ...(headers.length > 0 ? { headers } : {}),
      ...(record.timestamp !== null && record.timestamp !== undefined ? { timestamp: record.timestamp } : {}),
    };
  }
}

export function createSourcePipeline(
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  transformer: TransformationChain | null,
): SourceRecordPipeline {
  return new SourceRecordPipeline({
    key: createConverter('key', connector, worker, registry),
    value: createConverter('value', connector, worker, registry),
    header: createHeaderConverter(connector, worker, registry),
    transformer,
  });
}
