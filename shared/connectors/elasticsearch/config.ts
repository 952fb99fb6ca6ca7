// The config keys of the two connectors this sink answers to, each with its own vocabulary:
// Confluent's Elasticsearch sink (15.x keys, defaults, validators and messages) and Aiven's
// OpenSearch sink (4.x). Keys both share are declared once and placed in each one's order. A few
// keys are ours (aws.* SigV4 signing for the Confluent class) and say so in their documentation.
import { ConfigDef, type ConfigKeyInit, type Validator } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { nonEmptyString, Range } from '../../api/validators.ts';

export type Flavour = 'elasticsearch' | 'opensearch';

const DAY_MS = 86_400_000;
/** Confluent's placeholder, spelt out with '$' + '{' so it cannot be mistaken for a template string. */
export const TOPIC_VARIABLE = '$' + '{topic}';

/** Confluent's EnumRecommender: case-insensitive, listing the lower-case values as a Java set. */
function confluentEnum(...values: string[]): Validator {
  return {
    ensureValid(name, value) {
      if (value === null || value === undefined) return;
      if (!values.includes(String(value).toLowerCase()))
        throw new ConfigError(name, value, `Value must be one of: [${values.join(', ')}]`);
    },
    toString: () => `[${values.join(', ')}]`,
  };
}

/** Aiven's enum validators: the value is lower-cased, then checked as ValidString.in (lower-case shown). */
function aivenEnum(...values: string[]): Validator {
  return {
    ensureValid(name, value) {
      const lower = typeof value === 'string' ? value.toLowerCase() : value;
      if (typeof lower !== 'string' || !values.includes(lower))
        throw new ConfigError(name, lower, `String must be one of: ${values.join(', ')}`);
    },
    toString: () => `[${values.join(', ')}]`,
  };
}

const aivenWriteMethod: Validator = {
  ensureValid(name, value) {
    if (typeof value !== 'string' || !['insert', 'upsert'].includes(value.toLowerCase()))
      throw new ConfigError(name, value, 'Index write method must be one of: ``insert``, ``upsert``');
  },
  toString: () => '``insert``, ``upsert``',
};

/** Confluent's UrlListValidator: each entry must parse as a URI. */
const urlList: Validator = {
  ensureValid(name, value) {
    if (value === null || value === undefined)
      throw new ConfigError(name, value, 'The config must be provided and non-null.');
    for (const url of value as string[]) {
      if (!isUri(url)) throw new ConfigError(name, value, `The provided url '${url}' is not a valid url.`);
    }
  },
  toString: () => 'List of valid URIs.',
};

/** Aiven's ConnectionUrlValidator: each entry must be a URL with a scheme Java knows. */
const aivenUrlList: Validator = {
  ensureValid(name, value) {
    for (const url of (value as string[] | null) ?? []) {
      if (!/^[a-z][a-z0-9+.-]*:\/\/./i.test(url)) throw new ConfigError(name, url);
    }
  },
  toString: () => 'http://eshost1:9200, endpount.com',
};

/** Java's `new URI(s)` accepts relative references too; it rejects spaces and stray characters. */
function isUri(text: string): boolean {
  return /^[^\s<>"{}|\\^`]*$/.test(text) && !/%(?![0-9a-f]{2})/i.test(text);
}

/** Confluent's data stream dataset/namespace rules, with its messages. */
function dataStreamPart(kind: 'dataset' | 'namespace', describe: string): Validator {
  return {
    ensureValid(name, value) {
      if (value === null || value === undefined) return;
      const text = String(value);
      if (text.length > 100)
        throw new ConfigError(name, text, `The specified ${kind} must be no longer than 100 characters.`);
      if (text !== text.toLowerCase())
        throw new ConfigError(name, text, `The specified ${kind} must be in all lowercase.`);
      if (/[\\/*?"<>| ,#\-:]/.test(text))
        throw new ConfigError(
          name,
          text,
          `The specified ${kind} must not contain any spaces or invalid characters \\/*?"<>|,#-:`,
        );
    },
    toString: () => describe,
  };
}

/** A JSON Pointer (RFC 6901): empty, or '/'-separated tokens with ~0 and ~1 as the only escapes. */
const jsonPointer: Validator = {
  ensureValid(_name, value) {
    if (typeof value !== 'string' || value === '') return;
    if (!value.startsWith('/'))
      throw new ConfigError(`Invalid input: JSON Pointer expression must start with '/': "${value}"`);
    if (/~(?![01])/.test(value))
      throw new ConfigError(`Invalid input: JSON Pointer expression has an invalid escape: "${value}"`);
  },
  toString: () => 'A valid JSON Pointer value (https://datatracker.ietf.org/doc/html/rfc6901)',
};

type KeyInit = Omit<ConfigKeyInit, 'group' | 'orderInGroup'>;

/** Declares keys group by group, numbering them in each group as Kafka's ConfigDef users do. */
class Keys {
  readonly def = new ConfigDef();
  group(name: string, keys: readonly KeyInit[], firstOrder = 1): this {
    keys.forEach((key, i) => {
      this.def.define({ ...key, group: name, orderInGroup: firstOrder + i });
    });
    return this;
  }
}

// --- keys both connectors have, with the same meaning ----------------------------------------

const connectionUrl = (validator: Validator): KeyInit => ({
  name: 'connection.url',
  type: 'LIST',
  validator,
  importance: 'HIGH',
  documentation:
    'Comma-separated URLs of the cluster nodes, e.g. http://node1:9200,http://node2:9200. Requests go round-robin and fail over to the next URL when a node does not answer. A URL without a scheme is http (https when requests are SigV4-signed).',
  width: 'LONG',
  displayName: 'Connection URLs',
});
const username: KeyInit = {
  name: 'connection.username',
  type: 'STRING',
  defaultValue: null,
  importance: 'MEDIUM',
  documentation: 'User for HTTP basic authentication; used only when the password is set too.',
  width: 'SHORT',
  displayName: 'Connection Username',
};
const password: KeyInit = {
  name: 'connection.password',
  type: 'PASSWORD',
  defaultValue: null,
  importance: 'MEDIUM',
  documentation:
    'Password for HTTP basic authentication; used only when the username is set too. A config provider reference (secretsmanager, ssm, file, env) keeps it out of the stored config.',
  width: 'SHORT',
  displayName: 'Connection Password',
};
const intKey = (
  name: string,
  defaultValue: number,
  documentation: string,
  displayName: string,
  validator?: Validator,
  type: 'INT' | 'LONG' = 'INT',
  importance: 'MEDIUM' | 'LOW' = 'LOW',
): KeyInit => ({
  name,
  type,
  defaultValue,
  importance,
  documentation,
  width: 'SHORT',
  displayName,
  ...(validator ? { validator } : {}),
});
const boolKey = (
  name: string,
  defaultValue: boolean,
  documentation: string,
  displayName: string,
  importance: 'HIGH' | 'MEDIUM' | 'LOW' = 'LOW',
): KeyInit => ({
  name,
  type: 'BOOLEAN',
  defaultValue,
  importance,
  documentation,
  width: 'SHORT',
  displayName,
});
const listKey = (name: string, documentation: string, displayName: string): KeyInit => ({
  name,
  type: 'LIST',
  defaultValue: '',
  importance: 'LOW',
  documentation,
  width: 'LONG',
  displayName,
});

const BATCH_SIZE_DOC = 'Most actions in one _bulk request.';
const IN_FLIGHT_DOC = 'Most _bulk requests under way at once per task.';
const BUFFERED_DOC =
  'Most records a task holds (queued or in flight) before put() waits for room; bounds memory.';
const LINGER_DOC =
  'How long a batch that is not full waits for more records before it is sent. Batches also go out at every offset commit.';
const FLUSH_TIMEOUT_DOC =
  'How long a flush (or a put waiting for buffer room) may take before the task fails.';
const MAX_RETRIES_DOC =
  'Retries of a request that failed with a connection error, HTTP 429 or 5xx (and of documents the server rejected with 429/503); then the task fails.';
const BACKOFF_DOC =
  'Upper bound of the first wait before a retry; each retry doubles it, and the actual wait is a random time below the bound (full jitter).';
const CONNECT_TIMEOUT_DOC = 'How long opening a connection to a node may take.';
const READ_TIMEOUT_DOC = 'How long the server may take to answer a request.';
const KEY_IGNORE_DOC =
  'true: ignore record keys for document ids (see the id strategy); false: the record key is the document id and the Kafka offset its external version, so a replayed or older record never overwrites a newer one.';
const SCHEMA_IGNORE_DOC =
  'true: put no mapping and let the server map fields dynamically; false: build the index mapping from the record value schema.';
const COMPACT_MAP_DOC =
  'true: maps with string keys become JSON objects; false: arrays of {"key","value"} documents (maps with other keys always are).';
const TOPIC_KEY_IGNORE_DOC = 'Topics treated as key.ignore=true.';
const TOPIC_SCHEMA_IGNORE_DOC = 'Topics treated as schema.ignore=true.';
const DROP_INVALID_DOC =
  'true: a record that cannot be turned into a document (e.g. a null key used as id) is logged, reported to the dead letter queue and skipped; false: the task fails.';
const NULL_VALUES_DOC =
  'What a tombstone (null value) does: ignore it, delete the document with its key, or fail the task.';
const MALFORMED_DOC =
  'What a document the server rejects as malformed (mapping conflict, parse error) does: ignore it, warn and skip it, or fail the task. Rejected documents also go to the dead letter queue when one is configured.';

export const AWS_REGION = 'aws.region';
export const AWS_SIGNING_NAME = 'aws.service.signing.name';

const awsRegion = (documentation: string, defaultValue: string | null = null): KeyInit => ({
  name: AWS_REGION,
  type: 'STRING',
  defaultValue,
  importance: 'MEDIUM',
  documentation,
  width: 'SHORT',
  displayName: 'AWS Region',
});
const awsSigningName = (defaultValue: string | null): KeyInit => ({
  name: AWS_SIGNING_NAME,
  type: 'STRING',
  defaultValue,
  importance: 'MEDIUM',
  documentation:
    'SigV4 service name: es for Amazon OpenSearch Service domains, aoss for OpenSearch Serverless collections.',
  width: 'SHORT',
  displayName: 'AWS Service Signing Name',
});

/** Kafka's client SSL keys (SslConfigs.addClientSslSupport), under a prefix, with Kafka's defaults. */
function sslKeys(prefix: string, extra: readonly KeyInit[] = []): KeyInit[] {
  const s = (name: string, defaultValue: string | null, documentation: string): KeyInit => ({
    name: prefix + name,
    type: 'STRING',
    defaultValue,
    importance: 'LOW',
    documentation,
    width: 'MEDIUM',
    displayName: prefix + name,
  });
  const p = (name: string, documentation: string): KeyInit => ({
    name: prefix + name,
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'LOW',
    documentation,
    width: 'MEDIUM',
    displayName: prefix + name,
  });
  return [
    s('ssl.protocol', 'TLSv1.3', 'TLS protocol; Node.js negotiates TLS 1.2 or 1.3 whatever is set.'),
    {
      name: `${prefix}ssl.cipher.suites`,
      type: 'LIST',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Cipher suites to offer (OpenSSL names); empty: Node.js defaults.',
      width: 'MEDIUM',
      displayName: `${prefix}ssl.cipher.suites`,
    },
    {
      name: `${prefix}ssl.enabled.protocols`,
      type: 'LIST',
      defaultValue: 'TLSv1.2,TLSv1.3',
      importance: 'LOW',
      documentation: 'TLS versions allowed.',
      width: 'MEDIUM',
      displayName: `${prefix}ssl.enabled.protocols`,
    },
    s(
      'ssl.keystore.type',
      'JKS',
      'Client keystore format: PKCS12 or PEM (Java KeyStore files cannot be read by Node.js).',
    ),
    s('ssl.keystore.location', null, 'Client keystore file, for servers that ask for a client certificate.'),
    p('ssl.keystore.password', 'Password of the client keystore.'),
    p('ssl.key.password', 'Password of the private key in the keystore.'),
    s('ssl.truststore.type', 'JKS', 'Truststore format: PKCS12 or PEM.'),
    s(
      'ssl.truststore.location',
      null,
      'File with the certificate authorities to trust, in addition to the system ones.',
    ),
    p('ssl.truststore.password', 'Password of the truststore.'),
    s(
      'ssl.endpoint.identification.algorithm',
      'https',
      'https checks that the server certificate names the host; empty turns the check off.',
    ),
    ...extra,
  ];
}

// --- Confluent's io.confluent.connect.elasticsearch.ElasticsearchSinkConnector ----------------

export const CONFLUENT_KEYS = {
  writeMethod: 'write.method',
  dataStreamType: 'data.stream.type',
  dataStreamDataset: 'data.stream.dataset',
  dataStreamNamespace: 'data.stream.namespace',
  dataStreamTimestamp: 'data.stream.timestamp.field',
  securityProtocol: 'elastic.security.protocol',
  sslPrefix: 'elastic.https.',
} as const;

export function elasticsearchConfigDef(): ConfigDef {
  return new Keys()
    .group('Connector', [
      connectionUrl(urlList),
      username,
      password,
      {
        name: 'external.resource.usage',
        type: 'STRING',
        defaultValue: 'DISABLED',
        validator: confluentEnum('index', 'datastream', 'alias_index', 'alias_datastream', 'disabled'),
        importance: 'HIGH',
        documentation:
          'Write to resources that already exist, named by topic.to.external.resource.mapping (index, datastream or an alias of either), instead of indices named after topics. disabled: indices are created from topic names.',
        width: 'SHORT',
        displayName: 'External Resource Usage',
        recommendedValues: () => ['index', 'datastream', 'alias_index', 'alias_datastream', 'disabled'],
      },
      listKey(
        'topic.to.external.resource.mapping',
        'topic:resource pairs, one resource per topic and one topic per resource, used with external.resource.usage.',
        'Topic to External Resource Mapping',
      ),
      intKey(
        'max.external.resource.mappings',
        15,
        'Most entries allowed in topic.to.external.resource.mapping.',
        'Maximum External Resource Mappings',
        Range.atLeast(1),
        'INT',
        'MEDIUM',
      ),
      {
        name: CONFLUENT_KEYS.dataStreamType,
        type: 'STRING',
        defaultValue: 'NONE',
        importance: 'LOW',
        documentation:
          'logs, metrics or a custom type: with data.stream.dataset, records go to the data stream <type>-<dataset>-<namespace>; NONE: to indices.',
        width: 'SHORT',
        displayName: 'Data Stream Type',
        recommendedValues: () => ['logs', 'metrics', 'none'],
      },
      {
        name: CONFLUENT_KEYS.dataStreamDataset,
        type: 'STRING',
        defaultValue: '',
        validator: dataStreamPart(
          'dataset',
          'A valid dataset name that is all lowercase, less than 100 characters, and does not contain any spaces or invalid characters \\/*?"<>|,#-:',
        ),
        importance: 'LOW',
        documentation: 'The dataset part of the data stream name.',
        width: 'MEDIUM',
        displayName: 'Data Stream Dataset',
      },
      {
        name: CONFLUENT_KEYS.dataStreamNamespace,
        type: 'STRING',
        defaultValue: TOPIC_VARIABLE,
        validator: dataStreamPart(
          'namespace',
          'A valid namespace name that is all lowercase, less than 100 characters, and does not contain any spaces or invalid characters \\/*?"<>|,#-:',
        ),
        importance: 'LOW',
        documentation: `The namespace part of the data stream name; ${TOPIC_VARIABLE} stands for the lower-cased topic.`,
        width: 'MEDIUM',
        displayName: 'Data Stream Namespace',
      },
      listKey(
        CONFLUENT_KEYS.dataStreamTimestamp,
        'Value fields whose first present one is copied to @timestamp in data streams; empty: the Kafka record timestamp.',
        'Data Stream Timestamp Field',
      ),
      intKey('batch.size', 2000, BATCH_SIZE_DOC, 'Batch Size', Range.between(1, 1_000_000), 'INT', 'MEDIUM'),
      intKey(
        'bulk.size.bytes',
        5 * 1024 * 1024,
        'Most bytes in one _bulk request (-1: no limit); whichever of this and batch.size is reached first ends a batch.',
        'Bulk Size (bytes)',
        Range.between(-1, 2_147_483_647),
        'LONG',
      ),
      intKey(
        'max.in.flight.requests',
        5,
        IN_FLIGHT_DOC,
        'Max In-flight Requests',
        Range.between(1, 1000),
        'INT',
        'MEDIUM',
      ),
      intKey(
        'max.buffered.records',
        20000,
        BUFFERED_DOC,
        'Max Buffered Records',
        Range.between(1, 2_147_483_647),
      ),
      intKey('linger.ms', 1, LINGER_DOC, 'Linger (ms)', Range.between(0, 7 * DAY_MS), 'LONG'),
      intKey(
        'flush.timeout.ms',
        180_000,
        FLUSH_TIMEOUT_DOC,
        'Flush Timeout (ms)',
        Range.between(1000, 7 * DAY_MS),
        'LONG',
      ),
      boolKey(
        'flush.synchronously',
        false,
        'Accepted for compatibility: offsets are always committed only after every document before them was confirmed.',
        'Flush synchronously',
      ),
      intKey('max.retries', 5, MAX_RETRIES_DOC, 'Max Retries', Range.between(0, 2_147_483_647)),
      intKey('retry.backoff.ms', 100, BACKOFF_DOC, 'Retry Backoff (ms)', Range.between(0, DAY_MS), 'LONG'),
      boolKey(
        'connection.compression',
        false,
        'gzip request bodies (the server must accept compressed requests, http.compression).',
        'Compression',
      ),
      intKey(
        'max.connection.idle.time.ms',
        60_000,
        'How long an idle pooled connection is kept open.',
        'Max Connection Idle Time',
        Range.between(-1, DAY_MS),
      ),
      intKey(
        'connection.timeout.ms',
        1000,
        CONNECT_TIMEOUT_DOC,
        'Connection Timeout',
        Range.between(0, DAY_MS / 2),
      ),
      intKey('read.timeout.ms', 3000, READ_TIMEOUT_DOC, 'Read Timeout', Range.between(0, 7 * DAY_MS)),
      awsRegion(
        'serverless-connect: sign requests with AWS SigV4 for this region (Amazon OpenSearch Service), with the credentials of the function role or the default provider chain.',
      ),
      awsSigningName('es'),
    ])
    .group('Data Conversion', [
      boolKey('key.ignore', false, KEY_IGNORE_DOC, 'Ignore Key mode', 'HIGH'),
      boolKey('schema.ignore', false, SCHEMA_IGNORE_DOC, 'Ignore Schema mode'),
      boolKey('compact.map.entries', true, COMPACT_MAP_DOC, 'Compact Map Entries'),
      listKey('topic.key.ignore', TOPIC_KEY_IGNORE_DOC, "Topics for 'Ignore Key' mode"),
      listKey('topic.schema.ignore', TOPIC_SCHEMA_IGNORE_DOC, "Topics for 'Ignore Schema' mode"),
      boolKey('drop.invalid.message', false, DROP_INVALID_DOC, 'Drop invalid messages'),
      {
        name: 'behavior.on.null.values',
        type: 'STRING',
        defaultValue: 'FAIL',
        validator: confluentEnum('ignore', 'delete', 'fail'),
        importance: 'LOW',
        documentation: NULL_VALUES_DOC,
        width: 'SHORT',
        displayName: 'Behavior for null-valued records',
        recommendedValues: () => ['ignore', 'delete', 'fail'],
      },
      {
        name: 'behavior.on.malformed.documents',
        type: 'STRING',
        defaultValue: 'FAIL',
        validator: confluentEnum('ignore', 'warn', 'fail'),
        importance: 'LOW',
        documentation: MALFORMED_DOC,
        width: 'SHORT',
        displayName: 'Behavior on malformed documents',
        recommendedValues: () => ['ignore', 'warn', 'fail'],
      },
      {
        name: 'external.version.header',
        type: 'STRING',
        defaultValue: '',
        importance: 'LOW',
        documentation:
          'A header whose (numeric) value is the external version of a keyed document instead of the Kafka offset.',
        width: 'SHORT',
        displayName: 'External Version Header Name',
      },
      {
        name: CONFLUENT_KEYS.writeMethod,
        type: 'STRING',
        defaultValue: 'INSERT',
        validator: confluentEnum('insert', 'upsert'),
        importance: 'LOW',
        documentation:
          'insert: each record replaces its document; upsert: each record is merged into its document (created when missing). upsert needs record keys as ids.',
        width: 'SHORT',
        displayName: 'Write Method',
        recommendedValues: () => ['insert', 'upsert'],
      },
    ])
    .group(
      'Connector',
      [
        boolKey(
          'use.autogenerated.ids',
          false,
          'With insert: let the server generate document ids (at-least-once: a replayed record is indexed twice).',
          'Use Autogenerated Ids',
          'MEDIUM',
        ),
      ],
      100,
    )
    .group(
      'Proxy',
      [
        {
          name: 'proxy.host',
          type: 'STRING',
          defaultValue: '',
          importance: 'LOW',
          documentation: 'HTTP proxy host.',
          width: 'LONG',
          displayName: 'Proxy Host',
        },
        intKey('proxy.port', 8080, 'HTTP proxy port.', 'Proxy Port', Range.between(1, 65535)),
        {
          name: 'proxy.username',
          type: 'STRING',
          defaultValue: '',
          importance: 'LOW',
          documentation: 'Proxy user (basic authentication).',
          width: 'LONG',
          displayName: 'Proxy Username',
        },
        {
          name: 'proxy.password',
          type: 'PASSWORD',
          defaultValue: null,
          importance: 'LOW',
          documentation: 'Proxy password.',
          width: 'LONG',
          displayName: 'Proxy Password',
        },
      ],
      0,
    )
    .group('Security', [
      {
        name: CONFLUENT_KEYS.securityProtocol,
        type: 'STRING',
        defaultValue: 'PLAINTEXT',
        validator: confluentEnum('plaintext', 'ssl'),
        importance: 'MEDIUM',
        documentation:
          'SSL: use the elastic.https.ssl.* keystore and truststore; https URLs work with the system certificate authorities either way.',
        width: 'SHORT',
        displayName: 'Security protocol',
        recommendedValues: () => ['plaintext', 'ssl'],
      },
      ...sslKeys(CONFLUENT_KEYS.sslPrefix),
    ])
    .group(
      'Kerberos',
      [
        {
          name: 'kerberos.user.principal',
          type: 'STRING',
          defaultValue: null,
          importance: 'LOW',
          documentation: 'Kerberos principal (not supported by serverless-connect: validation says so).',
          width: 'LONG',
          displayName: 'Kerberos User Principal',
        },
        {
          name: 'kerberos.keytab.path',
          type: 'STRING',
          defaultValue: null,
          importance: 'LOW',
          documentation: 'Kerberos keytab (not supported by serverless-connect).',
          width: 'LONG',
          displayName: 'Kerberos Keytab Path',
        },
      ],
      0,
    ).def;
}

// --- Aiven's io.aiven.kafka.connect.opensearch.OpenSearchSinkConnector -----------------------

export const AIVEN_KEYS = {
  writeMethod: 'index.write.method',
  idStrategy: 'key.ignore.id.strategy',
  versionConflict: 'behavior.on.version.conflict',
  routingType: 'routing.type',
  routingPath: 'routing.type.record.value.path',
  dataStreamEnabled: 'data.stream.enabled',
  dataStreamPrefix: 'data.stream.prefix',
  dataStreamTimestamp: 'data.stream.timestamp.field',
  dataStreamTemplate: 'data.streams.existing.index.template.name',
  accessKeyId: 'aws.access_key_id',
  secretAccessKey: 'aws.secret_access_key',
  roleArn: 'aws.sts.role.arn',
  sessionName: 'aws.sts.role.session.name',
  sessionDuration: 'aws.sts.role.session.duration',
  externalId: 'aws.sts.role.external.id',
  sslPrefix: 'connection.',
} as const;

export function openSearchConfigDef(): ConfigDef {
  const nonEmpty = (name: string, documentation: string, displayName = name): KeyInit => ({
    name,
    type: 'STRING',
    defaultValue: null,
    validator: {
      ensureValid: (n, v) => v === null || nonEmptyString.ensureValid(n, v),
      toString: () => 'non-empty string',
    },
    importance: 'MEDIUM',
    documentation,
    width: 'NONE',
    displayName,
  });
  return new Keys()
    .group('Connector', [
      connectionUrl(aivenUrlList),
      intKey('batch.size', 2000, BATCH_SIZE_DOC, 'Batch Size', undefined, 'INT', 'MEDIUM'),
      intKey(
        'max.in.flight.requests',
        5,
        IN_FLIGHT_DOC,
        'Max In-flight Requests',
        undefined,
        'INT',
        'MEDIUM',
      ),
      intKey('max.buffered.records', 20000, BUFFERED_DOC, 'Max Buffered Records'),
      intKey('linger.ms', 1, LINGER_DOC, 'Linger (ms)', undefined, 'LONG'),
      intKey('flush.timeout.ms', 10_000, FLUSH_TIMEOUT_DOC, 'Flush Timeout (ms)', undefined, 'LONG'),
      intKey('max.retries', 5, MAX_RETRIES_DOC, 'Max Retries'),
      intKey('retry.backoff.ms', 100, BACKOFF_DOC, 'Retry Backoff (ms)', undefined, 'LONG'),
      intKey('connection.timeout.ms', 1000, CONNECT_TIMEOUT_DOC, 'Connection Timeout'),
      intKey('read.timeout.ms', 3000, READ_TIMEOUT_DOC, 'Read Timeout'),
    ])
    .group(
      'TLS Configuration for HTTPS',
      sslKeys(AIVEN_KEYS.sslPrefix, [
        boolKey(
          'connection.trust.all.certificates',
          false,
          'Trust any server certificate (testing only).',
          'connection.trust.all.certificates',
        ),
      ]),
      12,
    )
    .group('Basic Authentication', [username, password], 0)
    .group(
      'AWS Access',
      [
        {
          name: AIVEN_KEYS.accessKeyId,
          type: 'STRING',
          defaultValue: null,
          importance: 'MEDIUM',
          documentation:
            'AWS access key id for SigV4 signing; without it the function role or default provider chain signs.',
          width: 'SHORT',
          displayName: 'Access Key Id',
        },
        {
          name: AIVEN_KEYS.secretAccessKey,
          type: 'PASSWORD',
          defaultValue: null,
          importance: 'MEDIUM',
          documentation: 'AWS secret access key for SigV4 signing.',
          width: 'SHORT',
          displayName: 'Secret Access Key',
        },
      ],
      0,
    )
    .group('AWS STS Access', [
      nonEmpty(AIVEN_KEYS.roleArn, 'Role to assume for SigV4 signing.'),
      nonEmpty(AIVEN_KEYS.sessionName, 'Session name of the assumed role.'),
      intKey(
        AIVEN_KEYS.sessionDuration,
        3600,
        'Session duration of the assumed role, in seconds.',
        AIVEN_KEYS.sessionDuration,
        Range.between(900, 43_200),
        'INT',
        'MEDIUM',
      ),
      nonEmpty(AIVEN_KEYS.externalId, 'External id to present when assuming the role.'),
    ])
    .group(
      'AWS Sig4 Authentication',
      [
        awsRegion(
          'AWS region, e.g. us-east-1: requests are signed with SigV4 when set (with aws.service.signing.name).',
        ),
        awsSigningName(null),
      ],
      0,
    )
    .group('Data Conversion', [
      {
        name: AIVEN_KEYS.writeMethod,
        type: 'STRING',
        defaultValue: 'insert',
        validator: aivenWriteMethod,
        importance: 'LOW',
        documentation:
          'insert: each record replaces its document; upsert: each record is merged into its document (created when missing).',
        width: 'SHORT',
        displayName: 'Index write method',
      },
      boolKey('key.ignore', false, KEY_IGNORE_DOC, 'Ignore Key mode', 'HIGH'),
      {
        name: AIVEN_KEYS.idStrategy,
        type: 'STRING',
        defaultValue: 'topic.partition.offset',
        validator: aivenEnum('none', 'record.key', 'topic.partition.offset'),
        importance: 'LOW',
        documentation:
          'Document ids when keys are ignored: topic.partition.offset (<topic>+<partition>+<offset>), record.key, or none (the server generates them).',
        width: 'LONG',
        displayName: 'Document ID generation strategy',
      },
      boolKey('schema.ignore', false, SCHEMA_IGNORE_DOC, 'Ignore Schema mode'),
      boolKey('compact.map.entries', true, COMPACT_MAP_DOC, 'Compact Map Entries'),
      listKey('topic.key.ignore', TOPIC_KEY_IGNORE_DOC, "Topics for 'Ignore Key' mode"),
      listKey('topic.schema.ignore', TOPIC_SCHEMA_IGNORE_DOC, "Topics for 'Ignore Schema' mode"),
      { ...boolKey('drop.invalid.message', false, DROP_INVALID_DOC, 'Drop invalid messages'), width: 'LONG' },
      {
        name: 'behavior.on.null.values',
        type: 'STRING',
        defaultValue: 'ignore',
        validator: aivenEnum('ignore', 'delete', 'fail'),
        importance: 'LOW',
        documentation: NULL_VALUES_DOC,
        width: 'SHORT',
        displayName: 'Behavior for null-valued records',
      },
      {
        name: 'behavior.on.malformed.documents',
        type: 'STRING',
        defaultValue: 'fail',
        validator: aivenEnum('ignore', 'warn', 'fail', 'report'),
        importance: 'LOW',
        documentation: `${MALFORMED_DOC} report: send it to the dead letter queue and skip it.`,
        width: 'SHORT',
        displayName: 'Behavior on malformed documents',
      },
      {
        name: AIVEN_KEYS.versionConflict,
        type: 'STRING',
        defaultValue: 'fail',
        validator: aivenEnum('ignore', 'warn', 'fail', 'report'),
        importance: 'LOW',
        documentation:
          'What an external-version conflict (a replayed or older record of a key) does: ignore or warn and keep the stored document, report it to the dead letter queue, or fail the task.',
        width: 'SHORT',
        displayName: "Behavior on document's version conflict (optimistic locking)",
      },
      {
        name: AIVEN_KEYS.routingType,
        type: 'STRING',
        defaultValue: 'none',
        validator: aivenEnum('none', 'key', 'value'),
        importance: 'LOW',
        documentation:
          'Custom shard routing: none, the record key, or a value field (routing.type.record.value.path).',
        width: 'LONG',
        displayName: 'Routing type',
      },
      {
        name: AIVEN_KEYS.routingPath,
        type: 'STRING',
        defaultValue: null,
        validator: jsonPointer,
        importance: 'LOW',
        documentation: 'JSON Pointer to the value field that routes documents (routing.type=value).',
        width: 'LONG',
        displayName: "The routing value is determined by the record's value",
      },
    ])
    .group('Data Stream', [
      {
        ...boolKey(
          AIVEN_KEYS.dataStreamEnabled,
          false,
          'Write to data streams instead of indices.',
          'Data stream name',
          'MEDIUM',
        ),
        width: 'LONG',
      },
      {
        ...nonEmpty(
          AIVEN_KEYS.dataStreamPrefix,
          'Data stream names become <prefix>-<topic>.',
          'Data stream name',
        ),
        width: 'LONG',
      },
      {
        name: AIVEN_KEYS.dataStreamTimestamp,
        type: 'STRING',
        defaultValue: '@timestamp',
        validator: nonEmptyString,
        importance: 'MEDIUM',
        documentation: 'The timestamp field of the data stream template the connector creates.',
        width: 'LONG',
        displayName: 'Data stream timestamp field',
      },
      {
        name: AIVEN_KEYS.dataStreamTemplate,
        type: 'STRING',
        defaultValue: null,
        importance: 'MEDIUM',
        documentation: 'Index template for the data streams; created with this name when missing.',
        width: 'LONG',
        displayName: 'Data stream name',
      },
    ]).def;
}

export function configDefFor(flavour: Flavour): ConfigDef {
  return flavour === 'elasticsearch' ? elasticsearchConfigDef() : openSearchConfigDef();
}
