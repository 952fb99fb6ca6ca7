// Connector-level validation (Kafka's Connector.validate): the rules between keys that each
// reference connector checks, with its messages, then whether the cluster answers with these
// settings. Every problem lands on the key (or keys) to fix. Runs only once every single key
// parsed, as Confluent's Validator does; Aiven checks its rules at start, we check them here too.
import type { ConfigKeyErrors } from '../../api/connector.ts';
import { ConfigError } from '../../api/errors.ts';
import { AIVEN_KEYS, CONFLUENT_KEYS, configDefFor, type Flavour } from './config.ts';
import { ConnectionProblem, serverInfo } from './connection.ts';
import { ClusterTransport, HttpStatusError } from './http/transport.ts';
import { parseSettings, type SinkSettings } from './settings.ts';

export type Errors = Map<string, string[]>;

export async function validateConnectorConfig(
  flavour: Flavour,
  config: Readonly<Record<string, string>>,
): Promise<ConfigKeyErrors[]> {
  const errors = configRuleErrors(flavour, config);
  if (errors.size === 0) {
    const settings = parseSettings(flavour, config);
    await connectionRules(settings, config, adder(errors));
  }
  return [...errors].map(([name, messages]) => ({ name, errors: messages }));
}

/**
 * The rules that need no cluster, also checked when a task starts (its config may have been
 * stored without validation, or by an older version). Empty when a single key does not even parse:
 * the ConfigDef reports that itself.
 */
export function configRuleErrors(flavour: Flavour, config: Readonly<Record<string, string>>): Errors {
  const definition = configDefFor(flavour);
  const errors: Errors = new Map();
  let parsed: Record<string, unknown>;
  let settings: SinkSettings;
  try {
    parsed = definition.parse(config);
    settings = parseSettings(flavour, config);
  } catch {
    return errors;
  }
  const add = adder(errors);
  if (flavour === 'elasticsearch') confluentRules(parsed, config, settings, add);
  else aivenRules(parsed, config, add);
  sharedRules(settings, config, add);
  nearMisses(definition.names(), config, add);
  return errors;
}

function adder(errors: Errors): Add {
  return (message, ...keys) => {
    for (const key of keys) errors.set(key, [...(errors.get(key) ?? []), message]);
  };
}

type Add = (message: string, ...keys: string[]) => void;

function confluentRules(
  c: Record<string, unknown>,
  raw: Readonly<Record<string, string>>,
  settings: SinkSettings,
  add: Add,
): void {
  if ((c['connection.username'] === null) !== (c['connection.password'] === null)) {
    add(
      "Both 'connection.username' and 'connection.password' must be set.",
      'connection.username',
      'connection.password',
    );
  }
  const usage = String(c['external.resource.usage']).toLowerCase();
  const mappings = c['topic.to.external.resource.mapping'] as string[];
  const dsType = String(c[CONFLUENT_KEYS.dataStreamType]);
  const dsDataset = String(c[CONFLUENT_KEYS.dataStreamDataset]);
  if ((usage !== 'disabled') !== mappings.length > 0) {
    add(
      'Invalid configuration: external.resource.usage and topic.to.external.resource.mapping must be configured together. Either both must be set, or both must be empty.',
      'external.resource.usage',
      'topic.to.external.resource.mapping',
    );
  } else if (mappings.length > 0) {
    if (dsType.toUpperCase() !== 'NONE' || dsDataset !== '') {
      add(
        'Resource mapping mode and data stream configs are mutually exclusive. When using topic.to.external.resource.mapping, data stream configs (data.stream.type, data.stream.dataset) must not be set.',
        'topic.to.external.resource.mapping',
        CONFLUENT_KEYS.dataStreamType,
        CONFLUENT_KEYS.dataStreamDataset,
      );
    } else {
      const problem = mappingProblem(
        mappings,
        c['max.external.resource.mappings'] as number,
        raw.topics ?? '',
      );
      if (problem) add(problem, 'topic.to.external.resource.mapping');
    }
  }
  if ((dsType.toUpperCase() === 'NONE') !== (dsDataset === '')) {
    add(
      "Either both or neither 'data.stream.dataset' and 'data.stream.type' must be set.",
      CONFLUENT_KEYS.dataStreamType,
      CONFLUENT_KEYS.dataStreamDataset,
    );
  }
  const isDataStream = settings.dataStream !== null || ['datastream', 'alias_datastream'].includes(usage);
  if (!isDataStream) {
    if ((c[CONFLUENT_KEYS.dataStreamTimestamp] as string[]).length > 0) {
      add(
        "Mapping a field to the '@timestamp' field is only necessary when working with data streams. 'data.stream.timestamp.field' must not be set when not using data streams.",
        CONFLUENT_KEYS.dataStreamTimestamp,
      );
    }
  } else if (settings.writeMethod === 'upsert') {
    add(
      'Upserts are not supported with data streams. write.method must not be UPSERT when using data streams.',
      CONFLUENT_KEYS.writeMethod,
    );
  } else if (settings.nullValues === 'delete') {
    add(
      'Deletes are not supported with data streams. behavior.on.null.values must not be DELETE when using data streams.',
      'behavior.on.null.values',
    );
  }
  for (const [all, topics] of [
    ['key.ignore', 'topic.key.ignore'],
    ['schema.ignore', 'topic.schema.ignore'],
  ] as const) {
    if (c[all] === true && (c[topics] as string[]).length > 0)
      add(`'${topics}' can not be set if '${all}' is true.`, all, topics);
  }
  const principal = c['kerberos.user.principal'];
  const keytab = c['kerberos.keytab.path'];
  if ((principal === null) !== (keytab === null)) {
    add(
      "Either both or neither 'kerberos.user.principal' and 'kerberos.keytab.path' must be set.",
      'kerberos.user.principal',
      'kerberos.keytab.path',
    );
  } else if (principal !== null) {
    add(
      'Kerberos authentication is not supported by serverless-connect: use basic authentication (connection.username, connection.password) or AWS SigV4 (aws.region).',
      'kerberos.user.principal',
      'kerberos.keytab.path',
    );
  }
  if ((c['linger.ms'] as number) > (c['flush.timeout.ms'] as number)) {
    add(
      `'linger.ms' (${c['linger.ms']}) can not be larger than 'flush.timeout.ms' (${c['flush.timeout.ms']}).`,
      'linger.ms',
      'flush.timeout.ms',
    );
  }
  const buffered = c['max.buffered.records'] as number;
  const batch = c['batch.size'] as number;
  const inFlight = c['max.in.flight.requests'] as number;
  if (buffered < batch * inFlight) {
    add(
      `'max.buffered.records' (${buffered}) must be larger than or equal to 'batch.size' (${batch}) x max.in.flight.requests (${inFlight}).`,
      'max.buffered.records',
      'batch.size',
      'max.in.flight.requests',
    );
  }
  const proxyHost = String(c['proxy.host']);
  const proxyUser = String(c['proxy.username']);
  const proxyPassword = c['proxy.password'];
  if (proxyHost === '') {
    if (proxyUser !== '')
      add("'proxy.host' must be set to use 'proxy.username'.", 'proxy.username', 'proxy.host');
    if (proxyPassword !== null)
      add("'proxy.host' must be set to use 'proxy.password'.", 'proxy.password', 'proxy.host');
  } else if ((proxyUser === '') !== (proxyPassword === null)) {
    add(
      "Either both or neither 'proxy.username' and 'proxy.password' can be set.",
      'proxy.username',
      'proxy.password',
    );
  }
  const sslKeys = Object.keys(raw).filter((key) => key.startsWith(CONFLUENT_KEYS.sslPrefix));
  const ssl = String(c[CONFLUENT_KEYS.securityProtocol]).toUpperCase() === 'SSL';
  if (!ssl && sslKeys.length > 0) {
    add(
      "'elastic.security.protocol' must be set to 'SSL' to use SSL configs.",
      CONFLUENT_KEYS.securityProtocol,
    );
  } else if (ssl && sslKeys.length === 0) {
    add(
      "At least these SSL configs ('elastic.https.ssl.keystore.location', 'elastic.https.ssl.keystore.password', 'elastic.https.ssl.truststore.location', and 'elastic.https.ssl.truststore.password') must be present for SSL support. Otherwise set 'elastic.security.protocol' to 'PLAINTEXT'.",
      CONFLUENT_KEYS.securityProtocol,
    );
  }
  if (settings.aws && settings.username !== null) {
    add(
      'Requests are either SigV4-signed (aws.region) or use basic authentication (connection.username, connection.password), not both.',
      'aws.region',
      'connection.username',
    );
  }
  // Ours: upserting with offset-based ids would never update a document, only add new ones.
  if (settings.writeMethod === 'upsert' && settings.keyIgnore) {
    add(
      'write.method=upsert needs the record key as document id, but key.ignore is true (ids would be topic+partition+offset, so every record would create a new document and none would be updated). Set key.ignore=false, or use write.method=insert.',
      CONFLUENT_KEYS.writeMethod,
      'key.ignore',
    );
  }
}

const mappingError = (value: string, reason: string): string =>
  new ConfigError('topic.to.external.resource.mapping', value, reason).message;

function mappingProblem(mappings: readonly string[], max: number, topics: string): string | undefined {
  const byTopic = new Map<string, string>();
  const resources = new Set<string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2)
      return mappingError(
        mapping,
        'Invalid topic-to-resource mapping format. The expected format: topic:resource',
      );
    const topic = parts[0]!.trim();
    const resource = parts[1]!.trim();
    if (byTopic.has(topic))
      return mappingError(
        mapping,
        `Topic '${topic}' is mapped to multiple resources. Each topic must be mapped to exactly one resource.`,
      );
    if (resources.has(resource))
      return mappingError(
        mapping,
        `Resource '${resource}' is mapped from multiple topics. Each resource must be mapped to exactly one topic.`,
      );
    byTopic.set(topic, resource);
    resources.add(resource);
  }
  if (byTopic.size > max) {
    return mappingError(
      `[${mappings.join(', ')}]`,
      `Too many topic-to-external-resource mappings are configured (${byTopic.size}). Maximum allowed limit is ${max}.`,
    );
  }
  const configured = topics
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const unmapped = configured.find((t) => !byTopic.has(t));
  if (unmapped !== undefined)
    return `Topic '${unmapped}' is not mapped to any resource. All configured topics must be mapped to a resource.`;
  const unconfigured = [...byTopic.keys()].find((t) => !configured.includes(t));
  if (unconfigured !== undefined)
    return `Topic '${unconfigured}' is mapped but not configured. All mapped topics must be configured topics.`;
  return undefined;
}

function aivenRules(c: Record<string, unknown>, raw: Readonly<Record<string, string>>, add: Add): void {
  const upsert = String(c[AIVEN_KEYS.writeMethod]).toLowerCase() === 'upsert';
  if (c[AIVEN_KEYS.dataStreamEnabled] === true && upsert)
    add('Data streams do not support upsert index write method', AIVEN_KEYS.writeMethod);
  const strategy = String(c[AIVEN_KEYS.idStrategy]).toLowerCase();
  if (upsert && c['key.ignore'] === true && strategy !== 'record.key') {
    add(
      new ConfigError(
        AIVEN_KEYS.idStrategy,
        strategy,
        `${strategy} is not supported for index upsert. Supported is: record.key`,
      ).message,
      AIVEN_KEYS.idStrategy,
    );
  }
  if (String(c[AIVEN_KEYS.routingType]).toLowerCase() === 'value') {
    if (c[AIVEN_KEYS.routingPath] === null) {
      add(
        "The 'routing.type.record.value.path' setting must be configured when using the 'value' routing type",
        AIVEN_KEYS.routingPath,
      );
    } else if (String(c['behavior.on.null.values']).toLowerCase() === 'delete') {
      add(
        "The 'routing.type.record.value.path' can't be used together with 'behavior.on.null.values' set to 'delete'",
        AIVEN_KEYS.routingPath,
      );
    }
  }
  const basic = c['connection.username'] !== null && c['connection.password'] !== null;
  const keys = c[AIVEN_KEYS.accessKeyId] !== null && c[AIVEN_KEYS.secretAccessKey] !== null;
  const sts = c[AIVEN_KEYS.roleArn] !== null && c[AIVEN_KEYS.sessionName] !== null;
  const signing = keys || sts || c['aws.region'] !== null;
  if (basic && signing) {
    add(
      'More than one authenticated configurator is applied for the client. Only one is allowed',
      'connection.username',
      'aws.region',
    );
  } else if (signing) {
    if (keys && sts)
      add(
        'Found both AWS access and STS role credentials. Only one can be selected',
        AIVEN_KEYS.accessKeyId,
        AIVEN_KEYS.roleArn,
      );
    if (!c['aws.region']) add(new ConfigError('aws.region', c['aws.region'] ?? null).message, 'aws.region');
    if (!c['aws.service.signing.name'])
      add(
        new ConfigError('aws.service.signing.name', c['aws.service.signing.name'] ?? null).message,
        'aws.service.signing.name',
      );
  }
  // Aiven's task refuses to start without an errant record reporter; ours has one only with a DLQ.
  if (!raw['errors.deadletterqueue.topic.name']?.trim()) {
    for (const key of ['behavior.on.malformed.documents', AIVEN_KEYS.versionConflict]) {
      if (String(c[key]).toLowerCase() === 'report') {
        add(
          "Errant record reporter must be configured when using 'report' option for behavior.on.malformed.documents or behavior.on.version.conflict (set errors.deadletterqueue.topic.name)",
          key,
        );
      }
    }
  }
}

/** Rules of ours for both vocabularies. */
function sharedRules(settings: SinkSettings, raw: Readonly<Record<string, string>>, add: Add): void {
  const sslPrefix = settings.flavour === 'elasticsearch' ? CONFLUENT_KEYS.sslPrefix : AIVEN_KEYS.sslPrefix;
  for (const store of ['keystore', 'truststore'] as const) {
    const type = raw[`${sslPrefix}ssl.${store}.type`]?.trim().toUpperCase();
    if (type === 'JKS' && raw[`${sslPrefix}ssl.${store}.location`]) {
      add(
        `A JKS ${store} cannot be read by Node.js: convert it to ${store === 'truststore' ? 'PEM' : 'PKCS12 or PEM'} and set ${sslPrefix}ssl.${store}.type accordingly.`,
        `${sslPrefix}ssl.${store}.type`,
      );
    }
  }
}

/** Keys outside every namespace a connector config uses, that look like a misspelt key of ours. */
const OTHER_NAMESPACES =
  /^(name|connector\.class|tasks\.|topics|transforms|predicates|errors\.|key\.converter|value\.converter|header\.converter|consumer\.|producer\.|admin\.|config\.action\.reload)/;

function nearMisses(known: readonly string[], raw: Readonly<Record<string, string>>, add: Add): void {
  const names = new Set(known);
  for (const key of Object.keys(raw)) {
    if (names.has(key) || OTHER_NAMESPACES.test(key) || key.length < 6) continue;
    const close = known.find((name) => editDistance(key, name) <= 2);
    if (close !== undefined) {
      add(
        `Unknown configuration '${key}': did you mean '${close}'? (The key would otherwise be ignored and '${close}' keep its default.)`,
        key,
      );
    }
  }
}

/** Damerau–Levenshtein distance (optimal string alignment), enough to catch typos and swaps. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Reaches the cluster with these settings; a failure names the keys to check. */
async function connectionRules(
  settings: SinkSettings,
  raw: Readonly<Record<string, string>>,
  add: Add,
): Promise<void> {
  let transport: ClusterTransport;
  try {
    // One quick try: validation answers a person waiting for it.
    transport = await ClusterTransport.create({ ...settings, maxRetries: 0 });
  } catch (error) {
    if (error instanceof ConfigError && error.key) add(error.message, error.key);
    else add(`Invalid client configuration: ${(error as Error).message}`, 'connection.url');
    return;
  }
  try {
    await serverInfo(transport, settings);
    if (settings.externalResources)
      await checkResources(transport, settings, String(raw['external.resource.usage']).toLowerCase(), add);
  } catch (error) {
    if (!(error instanceof ConnectionProblem)) throw error;
    if (!error.keys.includes('connection.url')) {
      const product = settings.flavour === 'elasticsearch' ? 'Elasticsearch' : 'OpenSearch';
      add(`Could not connect to ${product}. ${error.message}`, 'connection.url');
    }
    add(error.message, ...error.keys);
  } finally {
    await transport.close();
  }
}

async function checkResources(
  transport: ClusterTransport,
  settings: SinkSettings,
  usage: string,
  add: Add,
): Promise<void> {
  for (const resource of settings.externalResources!.values()) {
    const path = usage.startsWith('alias')
      ? `/_alias/${encodeURIComponent(resource)}`
      : `/${encodeURIComponent(resource)}`;
    try {
      await transport.request('HEAD', path);
    } catch (error) {
      const message =
        error instanceof HttpStatusError && error.status === 404
          ? `${usage} '${resource}' does not exist in Elasticsearch`
          : `Failed to check if ${usage} '${resource}' exists: ${(error as Error).message}`;
      add(message, 'topic.to.external.resource.mapping');
      return;
    }
  }
}
