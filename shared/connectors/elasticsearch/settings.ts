// One settings object for both vocabularies: what the task does, whichever class name and keys
// the connector JSON used. Where the two connectors behave differently on purpose (index names,
// version conflicts, the upsert body, error texts), the flavour decides.
import type { Password } from '../../api/config-def.ts';
import { ConnectError } from '../../api/errors.ts';
import type { AwsSigning } from '../../aws/sigv4.ts';
import {
  AIVEN_KEYS,
  AWS_REGION,
  AWS_SIGNING_NAME,
  CONFLUENT_KEYS,
  configDefFor,
  type Flavour,
  TOPIC_VARIABLE,
} from './config.ts';

export type NullValueBehavior = 'ignore' | 'delete' | 'fail';
export type ProblemBehavior = 'ignore' | 'warn' | 'fail' | 'report';
export type IdStrategy = 'record.key' | 'topic.partition.offset' | 'none';
export type WriteMethod = 'insert' | 'upsert';

export interface TlsSettings {
  readonly truststoreType: string;
  readonly truststoreLocation: string | null;
  readonly truststorePassword: string | null;
  readonly keystoreType: string;
  readonly keystoreLocation: string | null;
  readonly keystorePassword: string | null;
  readonly keyPassword: string | null;
  readonly verifyHostname: boolean;
  readonly trustAll: boolean;
  readonly ciphers: readonly string[];
}

export interface ProxySettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string | null;
}

export interface DataStreamSettings {
  /** The data stream a topic's records go to. */
  readonly name: (topic: string) => string;
  /** Value fields copied to @timestamp (first present wins); empty: the record timestamp. */
  readonly timestampFields: readonly string[];
  /** Aiven: the template created for the streams (its timestamp field, its name when given). */
  readonly templateTimestampField: string;
  readonly templateName: string | null;
}

export interface SinkSettings {
  readonly flavour: Flavour;
  readonly urls: readonly string[];
  readonly username: string | null;
  readonly password: string | null;
  readonly aws: AwsSigning | null;
  readonly tls: TlsSettings;
  readonly proxy: ProxySettings | null;
  readonly batchSize: number;
  /** -1: no byte limit. */
  readonly bulkSizeBytes: number;
  readonly maxInFlight: number;
  readonly maxBuffered: number;
  readonly lingerMs: number;
  readonly flushTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly compression: boolean;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly keyIgnore: boolean;
  readonly topicKeyIgnore: ReadonlySet<string>;
  readonly schemaIgnore: boolean;
  readonly topicSchemaIgnore: ReadonlySet<string>;
  readonly compactMapEntries: boolean;
  readonly dropInvalidMessage: boolean;
  readonly nullValues: NullValueBehavior;
  readonly malformed: ProblemBehavior;
  /** Aiven's behavior.on.version.conflict; Confluent ignores conflicts of external versions. */
  readonly versionConflict: ProblemBehavior;
  readonly writeMethod: WriteMethod;
  /** The id of documents whose topic ignores keys. */
  readonly keyIgnoredIds: IdStrategy;
  readonly externalVersionHeader: string | null;
  readonly dataStream: DataStreamSettings | null;
  readonly routing: { readonly type: 'none' | 'key' | 'value'; readonly valuePath: string | null };
  /** Confluent's external.resource.usage: topic → existing index, data stream or alias. */
  readonly externalResources: ReadonlyMap<string, string> | null;
}

const secret = (value: unknown): string | null => (value === null ? null : (value as Password).value);
const lower = (value: unknown) => String(value).toLowerCase();

export function parseSettings(flavour: Flavour, props: Readonly<Record<string, unknown>>): SinkSettings {
  const c = configDefFor(flavour).parse(props);
  const common = {
    flavour,
    urls: (c['connection.url'] as string[]).map((u) => (u.endsWith('/') ? u.slice(0, -1) : u)),
    username: c['connection.username'] as string | null,
    password: secret(c['connection.password']),
    batchSize: c['batch.size'] as number,
    maxInFlight: c['max.in.flight.requests'] as number,
    maxBuffered: c['max.buffered.records'] as number,
    lingerMs: c['linger.ms'] as number,
    flushTimeoutMs: c['flush.timeout.ms'] as number,
    maxRetries: c['max.retries'] as number,
    retryBackoffMs: c['retry.backoff.ms'] as number,
    connectTimeoutMs: c['connection.timeout.ms'] as number,
    readTimeoutMs: c['read.timeout.ms'] as number,
    keyIgnore: c['key.ignore'] as boolean,
    topicKeyIgnore: new Set(c['topic.key.ignore'] as string[]),
    schemaIgnore: c['schema.ignore'] as boolean,
    topicSchemaIgnore: new Set(c['topic.schema.ignore'] as string[]),
    compactMapEntries: c['compact.map.entries'] as boolean,
    dropInvalidMessage: c['drop.invalid.message'] as boolean,
    nullValues: lower(c['behavior.on.null.values']) as NullValueBehavior,
    malformed: lower(c['behavior.on.malformed.documents']) as ProblemBehavior,
  };
  return flavour === 'elasticsearch' ? confluent(c, common) : aiven(c, common);
}

type Common = Omit<
  SinkSettings,
  | 'aws'
  | 'tls'
  | 'proxy'
  | 'bulkSizeBytes'
  | 'compression'
  | 'idleTimeoutMs'
  | 'versionConflict'
  | 'writeMethod'
  | 'keyIgnoredIds'
  | 'externalVersionHeader'
  | 'dataStream'
  | 'routing'
  | 'externalResources'
>;

function tlsFrom(c: Record<string, unknown>, prefix: string, trustAll: boolean): TlsSettings {
  const get = (key: string) => c[prefix + key];
  return {
    truststoreType: String(get('ssl.truststore.type') ?? 'JKS').toUpperCase(),
    truststoreLocation: (get('ssl.truststore.location') as string | null) ?? null,
    truststorePassword: secret(get('ssl.truststore.password') ?? null),
    keystoreType: String(get('ssl.keystore.type') ?? 'JKS').toUpperCase(),
    keystoreLocation: (get('ssl.keystore.location') as string | null) ?? null,
    keystorePassword: secret(get('ssl.keystore.password') ?? null),
    keyPassword: secret(get('ssl.key.password') ?? null),
    verifyHostname: get('ssl.endpoint.identification.algorithm') !== '',
    trustAll,
    ciphers: (get('ssl.cipher.suites') as string[] | null) ?? [],
  };
}

function confluent(c: Record<string, unknown>, common: Common): SinkSettings {
  const type = String(c[CONFLUENT_KEYS.dataStreamType]);
  const dataset = String(c[CONFLUENT_KEYS.dataStreamDataset]);
  const namespace = String(c[CONFLUENT_KEYS.dataStreamNamespace]);
  const isDataStream = type.toUpperCase() !== 'NONE' && dataset !== '';
  const region = c[AWS_REGION] as string | null;
  const usage = lower(c['external.resource.usage']);
  const proxyHost = String(c['proxy.host']);
  const writeMethod = lower(c[CONFLUENT_KEYS.writeMethod]) as WriteMethod;
  const autogenerated = (c['use.autogenerated.ids'] as boolean) && writeMethod === 'insert';
  return {
    ...common,
    // Confluent ignores keys altogether with server-generated ids.
    keyIgnore: common.keyIgnore || autogenerated,
    aws: region ? { region, service: String(c[AWS_SIGNING_NAME] ?? 'es') } : null,
    tls: tlsFrom(c, CONFLUENT_KEYS.sslPrefix, false),
    proxy: proxyHost
      ? {
          host: proxyHost,
          port: c['proxy.port'] as number,
          username: String(c['proxy.username']),
          password: secret(c['proxy.password']),
        }
      : null,
    bulkSizeBytes: c['bulk.size.bytes'] as number,
    compression: c['connection.compression'] as boolean,
    idleTimeoutMs: c['max.connection.idle.time.ms'] as number,
    versionConflict: 'ignore',
    writeMethod,
    keyIgnoredIds: autogenerated ? 'none' : 'topic.partition.offset',
    externalVersionHeader: (c['external.version.header'] as string) || null,
    dataStream: isDataStream
      ? {
          name: (topic) => {
            const ns = namespace.replace(TOPIC_VARIABLE, topic.toLowerCase()).slice(0, 100);
            return `${type.toLowerCase()}-${dataset}-${ns}`;
          },
          timestampFields: c[CONFLUENT_KEYS.dataStreamTimestamp] as string[],
          templateTimestampField: '@timestamp',
          templateName: null,
        }
      : null,
    routing: { type: 'none', valuePath: null },
    externalResources:
      usage === 'disabled' ? null : resourceMap(c['topic.to.external.resource.mapping'] as string[]),
  };
}

function resourceMap(pairs: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const parts = pair.split(':');
    if (parts.length === 2) map.set(parts[0]!.trim(), parts[1]!.trim());
  }
  return map;
}

function aiven(c: Record<string, unknown>, common: Common): SinkSettings {
  const region = c[AWS_REGION] as string | null;
  const service = c[AWS_SIGNING_NAME] as string | null;
  const accessKeyId = c[AIVEN_KEYS.accessKeyId] as string | null;
  const secretAccessKey = secret(c[AIVEN_KEYS.secretAccessKey]);
  const roleArn = c[AIVEN_KEYS.roleArn] as string | null;
  const sessionName = c[AIVEN_KEYS.sessionName] as string | null;
  const prefix = c[AIVEN_KEYS.dataStreamPrefix] as string | null;
  const timestamp = String(c[AIVEN_KEYS.dataStreamTimestamp]);
  const routingType = lower(c[AIVEN_KEYS.routingType]) as 'none' | 'key' | 'value';
  return {
    ...common,
    aws:
      region && service
        ? {
            region,
            service,
            ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
            ...(roleArn && sessionName
              ? {
                  roleArn,
                  sessionName,
                  sessionDurationSeconds: c[AIVEN_KEYS.sessionDuration] as number,
                  ...(c[AIVEN_KEYS.externalId] ? { externalId: c[AIVEN_KEYS.externalId] as string } : {}),
                }
              : {}),
          }
        : null,
    tls: tlsFrom(c, AIVEN_KEYS.sslPrefix, c['connection.trust.all.certificates'] as boolean),
    proxy: null,
    bulkSizeBytes: -1,
    compression: false,
    idleTimeoutMs: 60_000,
    versionConflict: lower(c[AIVEN_KEYS.versionConflict]) as ProblemBehavior,
    writeMethod: lower(c[AIVEN_KEYS.writeMethod]) as WriteMethod,
    keyIgnoredIds: lower(c[AIVEN_KEYS.idStrategy]) as IdStrategy,
    externalVersionHeader: null,
    dataStream: (c[AIVEN_KEYS.dataStreamEnabled] as boolean)
      ? {
          name: (topic) => (prefix ? `${prefix}-${aivenIndexName(topic)}` : aivenIndexName(topic)),
          timestampFields: [],
          templateTimestampField: timestamp,
          templateName: (c[AIVEN_KEYS.dataStreamTemplate] as string | null) ?? null,
        }
      : null,
    routing: { type: routingType, valuePath: (c[AIVEN_KEYS.routingPath] as string | null) ?? null },
    externalResources: null,
  };
}

/** Confluent's convertTopicToIndexName: lower case, at most 255 characters, no leading - or _, no . or .. */
export function confluentIndexName(topic: string): string {
  let index = topic.toLowerCase();
  if (index.length > 255) index = index.slice(0, 255);
  if (index.startsWith('-') || index.startsWith('_')) index = index.slice(1);
  if (index === '.' || index === '..') index = index.replaceAll('.', 'dot');
  return index;
}

/** Aiven's convertTopicToIndexName: Confluent's rules, and ':' → '_', a leading '+' dropped too. */
export function aivenIndexName(topic: string): string {
  let index = topic.toLowerCase();
  if (index.length > 255) index = index.slice(0, 255);
  if (index.includes(':')) index = index.replaceAll(':', '_');
  if (index.startsWith('-') || index.startsWith('_') || index.startsWith('+')) index = index.slice(1);
  if (index === '.' || index === '..') index = index.replaceAll('.', 'dot');
  return index;
}

/** Where a topic's records go: an existing resource, a data stream, or an index named after the topic. */
export function resourceNameFor(settings: SinkSettings, topic: string): string {
  if (settings.externalResources) {
    const resource = settings.externalResources.get(topic);
    if (resource === undefined) {
      throw new ConnectError(
        `Topic '${topic}' is not mapped to any resource. All topics must be mapped when using topic-to-resource mapping configuration. Please check the 'topic.to.external.resource.mapping' configuration to ensure all topics are properly mapped.`,
      );
    }
    return resource;
  }
  if (settings.dataStream) return settings.dataStream.name(topic);
  return settings.flavour === 'elasticsearch' ? confluentIndexName(topic) : aivenIndexName(topic);
}

export function ignoresKey(settings: SinkSettings, topic: string): boolean {
  return settings.keyIgnore || settings.topicKeyIgnore.has(topic);
}

export function ignoresSchema(settings: SinkSettings, topic: string): boolean {
  return settings.schemaIgnore || settings.topicSchemaIgnore.has(topic);
}
