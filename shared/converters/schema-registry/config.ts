// The keys every Confluent registry converter shares (Confluent's AbstractKafkaSchemaSerDeConfig),
// with Confluent's names, defaults and wording, so connector JSON written for Confluent's
// AvroConverter, ProtobufConverter and JsonSchemaConverter configures ours unchanged.
import type { ConfigDef, Password } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { Range, validString } from '../../api/validators.ts';
import { converterConfigDef } from '../converter-config.ts';
import { SUBJECT_NAME_STRATEGIES, type SubjectNameStrategy, subjectNameStrategy } from './subject-name.ts';

export type CredentialsSource = 'URL' | 'USER_INFO' | 'SASL_INHERIT';

export interface RegistrySettings {
  readonly urls: readonly string[];
  /** `user:password` for HTTP basic auth, or null. */
  readonly userInfo: string | null;
  readonly autoRegister: boolean;
  readonly useLatestVersion: boolean;
  readonly latestCompatibilityStrict: boolean;
  /** Seconds a looked-up latest version stays fresh; -1: for the life of the converter. */
  readonly latestCacheTtlSec: number;
  readonly normalizeSchemas: boolean;
  /** A fixed schema id to write with (-1: none). */
  readonly useSchemaId: number;
  readonly subjectNameStrategy: SubjectNameStrategy;
  readonly maxRetries: number;
  readonly retriesWaitMs: number;
  readonly retriesMaxWaitMs: number;
  readonly requestTimeoutMs: number;
}

const AUTH_SOURCES = ['URL', 'USER_INFO', 'SASL_INHERIT'];

export const registryConfigDef = (): ConfigDef =>
  converterConfigDef()
    .define({
      name: 'schema.registry.url',
      type: 'LIST',
      importance: 'HIGH',
      documentation:
        "Comma-separated list of URLs for Schema Registry instances that can be used to register or look up schemas. If you wish to get a connection to a mocked schema registry for testing, you can specify a scope using the 'mock://' pseudo-protocol.",
    })
    .define({
      name: 'basic.auth.credentials.source',
      type: 'STRING',
      defaultValue: 'URL',
      validator: validString(...AUTH_SOURCES),
      importance: 'MEDIUM',
      documentation:
        'Specify how to pick the credentials for the Basic Auth header. The supported values are URL, USER_INFO and SASL_INHERIT',
    })
    .define({
      name: 'basic.auth.user.info',
      type: 'PASSWORD',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Specify the user info for the Basic Auth in the form of {username}:{password}',
    })
    .define({
      name: 'auto.register.schemas',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'MEDIUM',
      documentation: 'Specify if the Serializer should attempt to register the Schema with Schema Registry',
    })
    .define({
      name: 'use.schema.id',
      type: 'INT',
      defaultValue: -1,
      importance: 'LOW',
      documentation: 'Schema ID to use for serialization',
    })
    .define({
      name: 'use.latest.version',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Specify if the Serializer should use the latest subject version for serialization',
    })
    .define({
      name: 'latest.compatibility.strict',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation:
        'Specify if the Serializer should check the backward compatibility between the latest subject version and the schema of the object being serialized (use.latest.version=true)',
    })
    .define({
      name: 'latest.cache.ttl.sec',
      type: 'LONG',
      defaultValue: -1,
      importance: 'LOW',
      documentation:
        'The TTL for caching the latest subject version, in seconds; -1 caches it for the life of the converter',
    })
    .define({
      name: 'normalize.schemas',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation:
        'Whether to normalize schemas, which generally ignores ordering when it is not significant',
    })
    .define({
      name: 'key.subject.name.strategy',
      type: 'CLASS',
      defaultValue: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
      validator: validString(...SUBJECT_NAME_STRATEGIES),
      importance: 'MEDIUM',
      documentation:
        'Determines how to construct the subject name under which the key schema is registered with the schema registry. By default, <topic>-key is used as subject.',
    })
    .define({
      name: 'value.subject.name.strategy',
      type: 'CLASS',
      defaultValue: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
      validator: validString(...SUBJECT_NAME_STRATEGIES),
      importance: 'MEDIUM',
      documentation:
        'Determines how to construct the subject name under which the value schema is registered with the schema registry. By default, <topic>-value is used as subject.',
    })
    .define({
      name: 'max.schemas.per.subject',
      type: 'INT',
      defaultValue: 1000,
      importance: 'LOW',
      documentation: 'Maximum number of schemas to create or cache locally.',
    })
    .define({
      name: 'max.retries',
      type: 'INT',
      defaultValue: 3,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation:
        'Maximum number of times to retry a registry request that failed for a transient reason.',
    })
    .define({
      name: 'retries.wait.ms',
      type: 'INT',
      defaultValue: 1000,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation:
        'Time to wait before the first retry of a registry request; it doubles with every retry.',
    })
    .define({
      name: 'retries.max.wait.ms',
      type: 'INT',
      defaultValue: 20000,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation: 'The longest wait between two retries of a registry request.',
    })
    .define({
      name: 'http.read.timeout.ms',
      type: 'INT',
      defaultValue: 60000,
      validator: Range.atLeast(1),
      importance: 'LOW',
      documentation: 'How long to wait for a registry response.',
    });

/** The Avro/Protobuf/JSON Schema data keys all three converters share. */
export const sharedDataKeys = (def: ConfigDef): ConfigDef =>
  def
    .define({
      name: 'schemas.cache.config',
      type: 'INT',
      defaultValue: 1000,
      validator: Range.atLeast(1),
      importance: 'LOW',
      documentation: 'Size of the converted schemas cache',
    })
    .define({
      name: 'scrub.invalid.names',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation: 'Whether to scrub invalid names by replacing invalid characters with valid ones',
    });

function userInfoOf(parsed: Record<string, unknown>, urls: readonly string[]): string | null {
  const source = parsed['basic.auth.credentials.source'] as CredentialsSource;
  if (source === 'USER_INFO') {
    const info = (parsed['basic.auth.user.info'] as Password).value;
    if (info === '')
      throw new ConfigError(
        'basic.auth.user.info',
        '[hidden]',
        'basic.auth.credentials.source=USER_INFO needs basic.auth.user.info ({username}:{password})',
      );
    return info;
  }
  if (source === 'SASL_INHERIT') {
    throw new ConfigError(
      'basic.auth.credentials.source',
      source,
      'SASL_INHERIT is not supported: the tasks do not sign in to Kafka with SASL/PLAIN credentials a registry could share; use USER_INFO',
    );
  }
  // URL: credentials written into the URL itself (https://user:password@host).
  for (const raw of urls) {
    const url = new URL(raw);
    if (url.username !== '') return `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return null;
}

export function parseRegistrySettings(parsed: Record<string, unknown>, isKey: boolean): RegistrySettings {
  const urls = (parsed['schema.registry.url'] as string[]).filter((u) => u !== '');
  if (urls.length === 0)
    throw new ConfigError('Missing required configuration "schema.registry.url" which has no default value.');
  for (const url of urls) {
    if (!/^https?:\/\//i.test(url))
      throw new ConfigError('schema.registry.url', url, 'Expected an http:// or https:// URL');
  }
  return {
    urls: urls.map((u) => u.replace(/\/+$/, '')),
    userInfo: userInfoOf(parsed, urls),
    autoRegister: parsed['auto.register.schemas'] as boolean,
    useLatestVersion: parsed['use.latest.version'] as boolean,
    latestCompatibilityStrict: parsed['latest.compatibility.strict'] as boolean,
    latestCacheTtlSec: parsed['latest.cache.ttl.sec'] as number,
    normalizeSchemas: parsed['normalize.schemas'] as boolean,
    useSchemaId: parsed['use.schema.id'] as number,
    subjectNameStrategy: subjectNameStrategy(
      parsed[isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy'] as string,
    ),
    maxRetries: parsed['max.retries'] as number,
    retriesWaitMs: parsed['retries.wait.ms'] as number,
    retriesMaxWaitMs: parsed['retries.max.wait.ms'] as number,
    requestTimeoutMs: parsed['http.read.timeout.ms'] as number,
  };
}
