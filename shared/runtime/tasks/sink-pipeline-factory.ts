// Builds a connector's per-record pipeline from its config, as Kafka Connect's Worker does: a
// converter named in the connector config is configured from the connector's prefixed keys;
// otherwise the worker's converter and the worker's prefixed keys apply.
import type { Converter, HeaderConverter } from '../../api/converter.ts';
import { ConfigError } from '../../api/errors.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import type { NamedConverter, RecordTransformer } from './pipeline.ts';
import { SinkRecordPipeline } from './pipeline.ts';

export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

/** `prefix`-ed keys of `config`, with the prefix removed. */
export function withoutPrefix(
  config: Readonly<Record<string, string>>,
  prefix: string,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(config))
    if (key.startsWith(prefix)) result[key.slice(prefix.length)] = value;
  return result;
}

function converterSource(
  key: 'key.converter' | 'value.converter' | 'header.converter',
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  fallback?: string,
): { className: string; configs: Record<string, string>; key: string } {
  const fromConnector = connector[key]?.trim();
  if (fromConnector) return { className: fromConnector, configs: withoutPrefix(connector, `${key}.`), key };
  const fromWorker = worker[key]?.trim() || fallback;
  if (!fromWorker)
    throw new ConfigError(`Missing required configuration "${key}" which has no default value.`);
  return { className: fromWorker, configs: withoutPrefix(worker, `${key}.`), key };
}

export function createConverter(
  which: 'key' | 'value',
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): NamedConverter<Converter> {
  const source = converterSource(`${which}.converter`, connector, worker);
  const plugin = registry.find(source.className, 'converter');
  if (!plugin)
    throw new ConfigError(source.key, source.className, `Class ${source.className} could not be found.`);
  const converter = plugin.create();
  converter.configure({ ...source.configs, 'converter.type': which }, which === 'key');
  return { className: plugin.className, converter };
}

export function createHeaderConverter(
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): NamedConverter<HeaderConverter> {
  const source = converterSource('header.converter', connector, worker, DEFAULT_HEADER_CONVERTER);
  const plugin = registry.find(source.className, 'header_converter');
  if (!plugin)
    throw new ConfigError(source.key, source.className, `Class ${source.className} could not be found.`);
  const converter = plugin.create();
  converter.configure({ ...source.configs, 'converter.type': 'header' });
  return { className: plugin.className, converter };
}

export function createSinkPipeline(
  connector: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  transformer: RecordTransformer | null,
): SinkRecordPipeline {
  return new SinkRecordPipeline({
    key: createConverter('key', connector, worker, registry),
    value: createConverter('value', connector, worker, registry),
    header: createHeaderConverter(connector, worker, registry),
    transformer,
  });
}
