// Our side of the harness: runs a case through our plugin registry, exactly as the Java program
// runs it through Kafka's classes, and normalizes the outcome the same way.
import type { Converter, HeaderConverter } from '../../shared/api/converter.ts';
import { Headers } from '../../shared/api/headers.ts';
import type { SinkRecord } from '../../shared/api/record.ts';
import type { SchemaAndValue } from '../../shared/api/schema.ts';
import type { Predicate, Transformation } from '../../shared/api/transformation.ts';
import { JsonConverter } from '../../shared/converters/json/json-converter.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import type {
  BytesSpec,
  CaseOutcome,
  ConformanceCase,
  DataSpec,
  PipelineSpec,
  PluginSpec,
  RecordSpec,
  StageSpec,
} from './case.ts';
import { normalizeBytes, normalizeData, normalizeRecord } from './normalize.ts';

const registry = builtinPlugins();

function create<T>(
  type: 'converter' | 'header_converter' | 'transformation' | 'predicate',
  spec: PluginSpec,
): T {
  const plugin = registry.find(spec.class, type);
  if (!plugin)
    throw Object.assign(new Error(`Class ${spec.class} not found`), { javaClassName: 'ClassNotFound' });
  return plugin.create() as T;
}

function config(spec: PluginSpec): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.config ?? {})) if (value !== null) result[key] = value;
  return result;
}

function bytes(input: BytesSpec): Buffer | null {
  if (input === null) return null;
  return 'base64' in input ? Buffer.from(input.base64, 'base64') : Buffer.from(input.text, 'utf8');
}

let dataBuilder: JsonConverter | undefined;

/** Connect data from its JsonConverter envelope form (the Java side builds it with Kafka's). */
export function buildData(envelope: DataSpec | undefined): SchemaAndValue {
  if (envelope === null || envelope === undefined) return { schema: null, value: null };
  if (dataBuilder === undefined) {
    dataBuilder = new JsonConverter();
    dataBuilder.configure({ 'replace.null.with.default': 'false' }, false);
  }
  return dataBuilder.toConnectData('data', null, Buffer.from(JSON.stringify(envelope)));
}

export function buildRecord(spec: RecordSpec): SinkRecord {
  const key = buildData(spec.key);
  const value = buildData(spec.value);
  const headers = new Headers();
  for (const header of spec.headers ?? []) {
    const data = buildData(header.data);
    headers.add(header.key, data.value, data.schema);
  }
  const topic = spec.topic ?? 'topic';
  const partition = spec.partition ?? 0;
  const offset = spec.offset ?? 0;
  const timestamp = spec.timestamp ?? null;
  return {
    topic,
    kafkaPartition: partition,
    kafkaOffset: offset,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp,
    timestampType: timestamp === null ? 'NoTimestampType' : 'CreateTime',
    headers,
    originalTopic: topic,
    originalKafkaPartition: partition,
    originalKafkaOffset: offset,
  };
}

interface Stage {
  transform: Transformation<SinkRecord>;
  predicate: Predicate<SinkRecord> | null;
  negate: boolean;
}

export function buildStages(specs: readonly StageSpec[]): Stage[] {
  return specs.map((spec) => {
    const transform = create<Transformation<SinkRecord>>('transformation', spec);
    transform.configure(config(spec));
    let predicate: Predicate<SinkRecord> | null = null;
    if (spec.predicate) {
      predicate = create<Predicate<SinkRecord>>('predicate', spec.predicate);
      predicate.configure(config(spec.predicate));
    }
    return { transform, predicate, negate: spec.negate ?? false };
  });
}

export function applyStages(stages: readonly Stage[], input: SinkRecord): SinkRecord | null {
  let record: SinkRecord | null = input;
  for (const stage of stages) {
    if (record === null) return null;
    if (stage.predicate === null || stage.negate !== stage.predicate.test(record))
      record = stage.transform.apply(record);
  }
  return record;
}

function runCase(testCase: ConformanceCase): unknown {
  switch (testCase.kind) {
    case 'converter': {
      const converter = create<Converter>('converter', testCase);
      converter.configure(config(testCase), testCase.isKey ?? false);
      const topic = testCase.topic ?? 'topic';
      if (testCase.op === 'toConnect') {
        const data = converter.toConnectData(topic, null, bytes(testCase.input));
        return normalizeData(data.schema, data.value);
      }
      const input = buildData(testCase.data);
      return normalizeBytes(converter.fromConnectData(topic, null, input.schema, input.value));
    }
    case 'headerConverter': {
      const converter = create<HeaderConverter>('header_converter', testCase);
      converter.configure({ ...config(testCase), 'converter.type': 'header' });
      const topic = testCase.topic ?? 'topic';
      const key = testCase.headerKey ?? 'header';
      if (testCase.op === 'toConnectHeader') {
        const data = converter.toConnectHeader(topic, key, bytes(testCase.input));
        return normalizeData(data.schema, data.value);
      }
      const input = buildData(testCase.data);
      return normalizeBytes(converter.fromConnectHeader(topic, key, input.schema, input.value));
    }
    case 'transform': {
      const transform = create<Transformation<SinkRecord>>('transformation', testCase);
      transform.configure(config(testCase));
      return normalizeRecord(transform.apply(buildRecord(testCase.record)));
    }
    case 'predicate': {
      const predicate = create<Predicate<SinkRecord>>('predicate', testCase);
      predicate.configure(config(testCase));
      return { matches: predicate.test(buildRecord(testCase.record)) };
    }
    case 'chain':
      return normalizeRecord(applyStages(buildStages(testCase.stages), buildRecord(testCase.record)));
    case 'pipeline':
      return runPipeline(testCase);
  }
}

function runPipeline(testCase: PipelineSpec): unknown {
  const keyConverter = create<Converter>('converter', testCase.converter);
  keyConverter.configure(config(testCase.converter), true);
  const valueConverter = create<Converter>('converter', testCase.converter);
  valueConverter.configure(config(testCase.converter), false);
  let headerConverter: HeaderConverter | null = null;
  if (testCase.headerConverter) {
    headerConverter = create<HeaderConverter>('header_converter', testCase.headerConverter);
    headerConverter.configure({ ...config(testCase.headerConverter), 'converter.type': 'header' });
  }
  const topic = testCase.topic ?? 'topic';
  const key = keyConverter.toConnectData(topic, null, bytes(testCase.key ?? null));
  const value = valueConverter.toConnectData(topic, null, bytes(testCase.value));
  const timestamp = testCase.timestamp ?? null;
  const record: SinkRecord = {
    topic,
    kafkaPartition: 0,
    kafkaOffset: 0,
    keySchema: key.schema,
    key: key.value,
    valueSchema: value.schema,
    value: value.value,
    timestamp,
    timestampType: timestamp === null ? 'NoTimestampType' : 'CreateTime',
    headers: new Headers(),
    originalTopic: topic,
    originalKafkaPartition: 0,
    originalKafkaOffset: 0,
  };
  const result = applyStages(buildStages(testCase.stages), record);
  if (result === null) return { dropped: true };
  return {
    topic: result.topic,
    timestamp: result.timestamp,
    key: normalizeBytes(
      keyConverter.fromConnectData(result.topic, result.headers, result.keySchema, result.key),
    ),
    value: normalizeBytes(
      valueConverter.fromConnectData(result.topic, result.headers, result.valueSchema, result.value),
    ),
    headers: [...result.headers].map((h) =>
      headerConverter === null
        ? { key: h.key, data: normalizeData(h.schema, h.value) }
        : {
            key: h.key,
            bytes: normalizeBytes(headerConverter.fromConnectHeader(result.topic, h.key, h.schema, h.value)),
          },
    ),
  };
}

export function runOurCase(testCase: ConformanceCase): CaseOutcome {
  try {
    return { id: testCase.id, ok: runCase(testCase) };
  } catch (error) {
    const err = error as { javaClassName?: string; name?: string; message?: string };
    return {
      id: testCase.id,
      error: { class: err.javaClassName ?? `js:${err.name ?? 'Error'}`, message: err.message ?? null },
    };
  }
}
