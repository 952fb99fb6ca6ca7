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

  /** True when a converter needs prepare() before a batch (a schema registry converter). */
  get needsPreparation(): boolean {
    const { key, value } = this.#parts;
    return key.converter.prepareFromConnect !== undefined || value.converter.prepareFromConnect !== undefined;
  }

  /**
   * Lets the key and value converters register or look up the schemas of a batch (as the chain
   * makes them) before process() converts it synchronously. The chain runs again in process(): the
   * SMTs are deterministic, and only connectors with registry converters pay for it. Records that
   * fail here fail again, with their stage, in process().
   */
  async prepare(records: readonly SourceRecord[]): Promise<void> {
    const { key, value } = this.#parts;
    const byTopic = new Map<string, SourceRecord[]>();
    for (const record of records) {
      let transformed: SourceRecord | null;
      try {
        transformed = this.transform(record);
      } catch {
        continue;
      }
      if (transformed === null) continue;
      const list = byTopic.get(transformed.topic) ?? [];
      byTopic.set(transformed.topic, list);
      list.push(transformed);
    }
    for (const [topic, list] of byTopic) {
      await Promise.all([
        key.converter.prepareFromConnect?.(
          topic,
          list.map((r) => ({ schema: r.keySchema, value: r.key })),
        ),
        value.converter.prepareFromConnect?.(
          topic,
          list.map((r) => ({ schema: r.valueSchema, value: r.value })),
        ),
      ]);
    }
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
