// Validates a sink connector config before anything is stored or started: the common keys, the
// plugin's own keys, and that every named plugin (connector, converters, SMTs, predicates)
// exists, with the transformation and predicate keys enriched in as Kafka does. Errors are Kafka
// Connect's, per key, so the REST API can return them as /validate does.
import { ConfigDef, type ConfigValue } from '../api/config-def.ts';
import type { SinkConnectorPlugin } from '../api/plugin.ts';
import type { PluginRegistry } from '../runtime/plugins/plugins.ts';
import { ensureTopicsOrRegex, sinkConnectorConfigDef } from './connector-config-def.ts';
import { enrichTransforms } from './enrich-transforms.ts';

export interface ConnectorValidation {
  /** The connector.class as given (null when missing). */
  readonly connectorClass: string | null;
  readonly plugin: SinkConnectorPlugin | undefined;
  /** Every key that was checked, common and plugin-specific, in definition order. */
  readonly definition: ConfigDef;
  readonly values: ReadonlyMap<string, ConfigValue>;
  /** Problems that belong to no single key (e.g. "Must configure one of topics or topics.regex"). */
  readonly generalErrors: readonly string[];
  readonly errorCount: number;
}

/** Per-key errors for keys outside the ConfigDefs: converter, transformation and predicate plugins. */
export type PluginKeyValidator = (
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
) => ConfigValue[];

export function validateSinkConnectorConfig(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  extraValidators: readonly PluginKeyValidator[] = [validateConverterClasses],
): ConnectorValidation {
  const connectorClass = config['connector.class']?.trim() || null;
  const plugin = connectorClass === null ? undefined : registry.find(connectorClass, 'sink');
  const base = new ConfigDef().embed(sinkConnectorConfigDef());
  if (plugin) base.embed(plugin.config());
  // Every transforms.<alias>.* and predicates.<alias>.* key, so each error lands on its own key.
  const definition = enrichTransforms(base, config, registry, false);
  const values = new Map(definition.validate(config));
  const generalErrors: string[] = [];

  plugin?.validate?.(config, values);
  // A missing connector.class is already reported by the ConfigDef ("Missing required configuration").
  if (connectorClass !== null && !plugin) {
    values.get('connector.class')!.errors.push(unknownConnectorMessage(connectorClass, registry));
  }
  try {
    ensureTopicsOrRegex(config);
  } catch (error) {
    generalErrors.push((error as Error).message);
  }
  const dlq = config['errors.deadletterqueue.topic.name']?.trim();
  if (
    dlq &&
    (config.topics ?? '')
      .split(',')
      .map((t) => t.trim())
      .includes(dlq)
  ) {
    values
      .get('errors.deadletterqueue.topic.name')!
      .errors.push(
        `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${config.topics}') consumed by the connector`,
      );
  }
  for (const validator of extraValidators) mergeErrors(values, validator(config, registry));
  return {
    connectorClass,
    plugin,
    definition,
    values,
    generalErrors,
    errorCount: countErrors(values, generalErrors),
  };
}

/**
 * validateSinkConnectorConfig, then the connector's own validate (Kafka's Connector.validate):
 * rules between its keys, and whether the system it writes to answers with these settings.
 */
export async function validateSinkConnector(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): Promise<ConnectorValidation> {
  const validation = validateSinkConnectorConfig(config, registry);
  const { plugin } = validation;
  if (!plugin) return validation;
  const connector = plugin.create();
  // Only a config whose every connector key parsed is worth checking against the outside world.
  const ownKeys = plugin.config().names();
  if (!connector.validate || ownKeys.some((key) => (validation.values.get(key)?.errors.length ?? 0) > 0))
    return validation;
  const extra = await connector.validate({ ...config });
  if (extra.length === 0) return validation;
  const values = new Map(validation.values);
  mergeErrors(
    values,
    extra.map((e) => ({
      name: e.name,
      value: config[e.name] ?? null,
      recommendedValues: [],
      errors: [...e.errors],
      visible: true,
    })),
  );
  return { ...validation, values, errorCount: countErrors(values, validation.generalErrors) };
}

function mergeErrors(values: Map<string, ConfigValue>, extra: readonly ConfigValue[]): void {
  for (const value of extra) {
    const existing = values.get(value.name);
    if (existing) existing.errors.push(...value.errors);
    else values.set(value.name, value);
  }
}

function countErrors(values: ReadonlyMap<string, ConfigValue>, generalErrors: readonly string[]): number {
  let count = generalErrors.length;
  for (const value of values.values()) count += value.errors.length;
  return count;
}

export function unknownConnectorMessage(name: string, registry: PluginRegistry): string {
  const available = registry
    .all()
    .filter((p) => p.type === 'sink')
    .map((p) => p.className)
    .join(', ');
  return `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${available}`;
}

/** key.converter / value.converter / header.converter must name plugins we have. */
export function validateConverterClasses(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): ConfigValue[] {
  const results: ConfigValue[] = [];
  for (const [key, type] of [
    ['key.converter', 'converter'],
    ['value.converter', 'converter'],
    ['header.converter', 'header_converter'],
  ] as const) {
    const name = config[key]?.trim();
    if (!name || registry.find(name, type)) continue;
    results.push({
      name: key,
      value: name,
      recommendedValues: [],
      errors: [`Invalid value ${name} for configuration ${key}: Class ${name} could not be found.`],
      visible: true,
    });
  }
  return results;
}

/** All errors of a validation, one per line, as Kafka Connect lists them. */
export function validationErrors(validation: ConnectorValidation): string[] {
  const errors = [...validation.generalErrors];
  for (const value of validation.values.values()) errors.push(...value.errors);
  return errors;
}

/** Kafka Connect's 400 message for an invalid connector config. */
export function invalidConfigMessage(validation: ConnectorValidation): string {
  const errors = validationErrors(validation);
  const type = validation.plugin
    ? validation.plugin.className.slice(validation.plugin.className.lastIndexOf('.') + 1)
    : '{connectorType}';
  return (
    `Connector configuration is invalid and contains the following ${errors.length} error(s):\n` +
    errors.join('\n') +
    `\nYou can also find the above list of errors at the endpoint \`/connector-plugins/${type}/config/validate\``
  );
}
