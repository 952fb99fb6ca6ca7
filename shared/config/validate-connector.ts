// Validates a connector config before anything is stored or started: the common keys, the sink's
// or source's keys, the plugin's own keys, and that every named plugin (connector, converters,
// SMTs, predicates) exists, with the transformation and predicate keys enriched in as Kafka does.
// Errors are Kafka Connect's, per key, so the REST API can return them as /validate does.
import { ConfigDef, type ConfigValue } from '../api/config-def.ts';
import type { SinkConnectorPlugin, SourceConnectorPlugin } from '../api/plugin.ts';
import type { PluginRegistry } from '../runtime/plugins/plugins.ts';
import { ensureTopicsOrRegex, sinkConnectorConfigDef } from './connector-config-def.ts';
import { enrichTransforms } from './enrich-transforms.ts';
import {
  sourceConnectorConfigDef,
  topicCreationConfigDef,
  usesTopicCreation,
} from './source-connector-config-def.ts';

export interface ConnectorValidation {
  /** The connector.class as given (null when missing). */
  readonly connectorClass: string | null;
  readonly plugin: SinkConnectorPlugin | SourceConnectorPlugin | undefined;
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

export interface ValidationOptions {
  /** The worker's exactly.once.source.support is `enabled` (exactly.once.support=required needs it). */
  readonly exactlyOnceSourceEnabled?: boolean;
}

/** Validates as a source or a sink connector, whichever connector.class names (a sink when unknown). */
export function validateConnectorConfig(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  options: ValidationOptions = {},
): ConnectorValidation {
  const connectorClass = config['connector.class']?.trim() || null;
  const plugin = connectorClass === null ? undefined : registry.find(connectorClass, 'source');
  return plugin
    ? validateSourceConnectorConfig(config, registry, plugin, options)
    : validateSinkConnectorConfig(config, registry);
}

function validateSourceConnectorConfig(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  plugin: SourceConnectorPlugin,
  options: ValidationOptions,
): ConnectorValidation {
  const base = new ConfigDef().embed(sourceConnectorConfigDef()).embed(plugin.config());
  if (usesTopicCreation(config)) base.embed(topicCreationConfigDef(config));
  const definition = enrichTransforms(base, config, registry, false);
  const values = new Map(definition.validate(config));
  for (const extra of validateConverterClasses(config, registry)) {
    const existing = values.get(extra.name);
    if (existing) existing.errors.push(...extra.errors);
    else values.set(extra.name, extra);
  }
  validateExactlyOnce(config, plugin, values, options);
  let errorCount = 0;
  for (const value of values.values()) errorCount += value.errors.length;
  return {
    connectorClass: config['connector.class']!.trim(),
    plugin,
    definition,
    values,
    generalErrors: [],
    errorCount,
  };
}

/**
 * Kafka's preflight checks (DistributedHerder): exactly.once.support=required needs the worker's
 * exactly-once source support and a connector that says SUPPORTED; transaction.boundary=connector
 * needs a connector that can define transaction boundaries.
 */
function validateExactlyOnce(
  config: Readonly<Record<string, string>>,
  plugin: SourceConnectorPlugin,
  values: Map<string, ConfigValue>,
  options: ValidationOptions,
): void {
  const support = values.get('exactly.once.support')!;
  const boundary = values.get('transaction.boundary')!;
  const wantsSupport =
    support.errors.length === 0 && (config['exactly.once.support'] ?? '').trim().toLowerCase() === 'required';
  const wantsBoundaries =
    boundary.errors.length === 0 &&
    (config['transaction.boundary'] ?? '').trim().toLowerCase() === 'connector';
  if (!wantsSupport && !wantsBoundaries) return;
  const unexpected = (error: unknown) => {
    const message = error instanceof Error ? error.message.trim() : '';
    return message
      ? `An unexpected error occurred during validation: ${message}`
      : 'An unexpected error occurred during validation; please see the worker logs for more details.';
  };
  const connector = plugin.create();
  if (wantsSupport) {
    if (!options.exactlyOnceSourceEnabled)
      support.errors.push('This worker does not have exactly-once source support enabled.');
    try {
      const answer = connector.exactlyOnceSupport?.(config) ?? null;
      if (answer === null)
        support.errors.push(
          'The connector does not implement the API required for preflight validation of exactly-once source support. Please consult the documentation for the connector to determine whether it supports exactly-once semantics, and then consider reconfiguring the connector to use the value "requested" for this property (which will disable this preflight check and allow the connector to be created).',
        );
      else if (answer !== 'SUPPORTED')
        support.errors.push(
          'The connector does not support exactly-once semantics with the provided configuration.',
        );
    } catch (error) {
      support.errors.push(unexpected(error));
    }
  }
  if (wantsBoundaries) {
    try {
      const answer = connector.canDefineTransactionBoundaries?.(config) ?? 'UNSUPPORTED';
      if (answer !== 'SUPPORTED')
        boundary.errors.push(
          'The connector does not support connector-defined transaction boundaries with the given configuration. Please reconfigure it to use a different transaction boundary definition.',
        );
    } catch (error) {
      boundary.errors.push(unexpected(error));
    }
  }
}

/**
 * The connector's own checks (Kafka's Connector.validate: can the database be reached, do the named
 * tables exist), run only on a config the ConfigDefs found valid; their errors join the per-key ones.
 */
export async function withConnectorChecks(
  validation: ConnectorValidation,
  config: Readonly<Record<string, string>>,
): Promise<ConnectorValidation> {
  const plugin = validation.plugin;
  if (!plugin || validation.errorCount > 0) return validation;
  const connector = plugin.create();
  if (!connector.validate) return validation;
  const values = new Map(validation.values);
  let added = 0;
  for (const { name, errors } of await connector.validate({ ...config })) {
    if (errors.length === 0) continue;
    const existing = values.get(name);
    values.set(name, {
      ...(existing ?? { name, value: config[name] ?? null, recommendedValues: [], visible: true }),
      errors: [...(existing?.errors ?? []), ...errors],
    });
    added += errors.length;
  }
  return { ...validation, values, errorCount: validation.errorCount + added };
}

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
    .filter((p) => p.type === 'sink' || p.type === 'source')
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
