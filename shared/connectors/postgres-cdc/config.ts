// The keys of Debezium's PostgreSQL connector (3.6.1) this connector implements, with Debezium's
// names, types and defaults, so connector JSON written for Debezium means the same here. Keys it
// does not implement are ignored, as Kafka ignores unknown keys; the few whose values could change
// what a user gets (another decoding plugin, custom snapshotters) are rejected with a clear error.
import { ConfigDef, type Password } from '../../api/config-def.ts';
import { caseInsensitiveValidString, nonEmptyString, Range, rule } from '../../api/validators.ts';

export type SnapshotMode = 'always' | 'initial' | 'no_data' | 'initial_only' | 'when_needed';
export type DecimalHandlingMode = 'precise' | 'double' | 'string';
export type TimePrecisionMode =
  | 'adaptive'
  | 'adaptive_time_microseconds'
  | 'connect'
  | 'microseconds'
  | 'nanoseconds';
export type BinaryHandlingMode = 'bytes' | 'base64' | 'base64-url-safe' | 'hex';
export type PublicationAutocreateMode = 'all_tables' | 'disabled' | 'filtered' | 'no_tables';
export type Operation = 'c' | 'u' | 'd' | 't';

const GROUP_CONNECTION = 'Connection';
const GROUP_REPLICATION = 'Replication';
const GROUP_FILTERS = 'Filters';
const GROUP_EVENTS = 'Events';

/** Debezium's slot name rule: lower-case letters, digits and underscores. */
const slotName = rule('valid replication slot name', (value) =>
  typeof value === 'string' && /^[a-z0-9_]+$/.test(value)
    ? undefined
    : 'Valid replication slot name must contain only digits, lowercase characters and underscores with length <= 63',
);

function enumKey(
  def: ConfigDef,
  name: string,
  values: readonly string[],
  defaultValue: string,
  documentation: string,
  group: string,
): void {
  def.define({
    name,
    type: 'STRING',
    defaultValue,
    validator: caseInsensitiveValidString(...values),
    importance: 'MEDIUM',
    documentation,
    group,
    recommendedValues: () => [...values],
  });
}

export function postgresCdcConfigDef(): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: 'database.hostname',
      type: 'STRING',
      validator: nonEmptyString,
      importance: 'HIGH',
      documentation: 'Resolvable hostname or IP address of the database server.',
      group: GROUP_CONNECTION,
    })
    .define({
      name: 'database.port',
      type: 'INT',
      defaultValue: 5432,
      validator: Range.between(1, 65535),
      importance: 'HIGH',
      documentation: 'Port of the database server.',
      group: GROUP_CONNECTION,
    })
    .define({
      name: 'database.user',
      type: 'STRING',
      validator: nonEmptyString,
      importance: 'HIGH',
      documentation: 'Name of the database user to be used when connecting to the database.',
      group: GROUP_CONNECTION,
    })
    .define({
      name: 'database.password',
      type: 'PASSWORD',
      defaultValue: null,
      importance: 'HIGH',
      documentation:
        'Password of the database user; use a config provider (secretsmanager, file, env) to keep it out of the connector JSON.',
      group: GROUP_CONNECTION,
    })
    .define({
      name: 'database.dbname',
      type: 'STRING',
      validator: nonEmptyString,
      importance: 'HIGH',
      documentation: 'The name of the database from which the connector should capture changes.',
      group: GROUP_CONNECTION,
    })
    .define({
      name: 'topic.prefix',
      type: 'STRING',
      validator: rule('topic prefix', (v) =>
        typeof v === 'string' && /^[A-Za-z0-9._-]+$/.test(v)
          ? undefined
          : 'Topic prefix must contain only alphanumeric characters, hyphens, dots and underscores',
      ),
      importance: 'HIGH',
      documentation:
        'Topic prefix that identifies the database server: the prefix of every topic and schema name, and the `server` of the source partition.',
      group: GROUP_CONNECTION,
    });
  enumKey(
    def,
    'database.sslmode',
    ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'],
    'prefer',
    'Whether to use an encrypted connection to the server.',
    GROUP_CONNECTION,
  );
  def.define({
    name: 'database.sslrootcert',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: 'File holding the root certificate(s) the server certificate is checked against.',
    group: GROUP_CONNECTION,
  });
  def.define({
    name: 'database.connectionTimeZone',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    documentation:
      'Accepted for compatibility; sessions always use UTC, which only affects how values are read.',
    group: GROUP_CONNECTION,
  });
  enumKey(
    def,
    'plugin.name',
    ['decoderbufs', 'pgoutput'],
    'decoderbufs',
    "The logical decoding plugin. Only 'pgoutput' (built into PostgreSQL 10+) is implemented; Debezium's default 'decoderbufs' needs a server extension and is rejected.",
    GROUP_REPLICATION,
  );
  def
    .define({
      name: 'slot.name',
      type: 'STRING',
      defaultValue: 'debezium',
      validator: slotName,
      importance: 'MEDIUM',
      documentation: 'The name of the logical decoding slot created for streaming changes.',
      group: GROUP_REPLICATION,
    })
    .define({
      name: 'slot.drop.on.stop',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation: 'Whether to drop the replication slot when the connector is deleted.',
      group: GROUP_REPLICATION,
    })
    .define({
      name: 'slot.max.retries',
      type: 'INT',
      defaultValue: 6,
      validator: Range.atLeast(1),
      importance: 'LOW',
      documentation: 'How many times to try to take over a replication slot another process still holds.',
      group: GROUP_REPLICATION,
    })
    .define({
      name: 'slot.retry.delay.ms',
      type: 'LONG',
      defaultValue: 10_000,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation: 'Time to wait between slot take-over attempts.',
      group: GROUP_REPLICATION,
    })
    .define({
      name: 'publication.name',
      type: 'STRING',
      defaultValue: 'dbz_publication',
      validator: nonEmptyString,
      importance: 'MEDIUM',
      documentation: 'The name of the publication pgoutput streams.',
      group: GROUP_REPLICATION,
    });
  enumKey(
    def,
    'publication.autocreate.mode',
    ['all_tables', 'disabled', 'filtered', 'no_tables'],
    'all_tables',
    'all_tables: create the publication FOR ALL TABLES when missing; filtered: for the included tables (kept in sync on start); no_tables: empty; disabled: it must exist.',
    GROUP_REPLICATION,
  );
  def.define({
    name: 'status.update.interval.ms',
    type: 'INT',
    defaultValue: 10_000,
    validator: Range.atLeast(0),
    importance: 'LOW',
    documentation: 'How often the connector reports its confirmed position to the server.',
    group: GROUP_REPLICATION,
  });
  def.define({
    name: 'flush.lsn.source',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    documentation:
      'Whether to confirm processed LSNs to the replication slot (after Kafka acknowledged and offsets were committed).',
    group: GROUP_REPLICATION,
  });
  for (const [name, doc] of [
    ['schema.include.list', 'Regular expressions matching schema names to capture.'],
    ['schema.exclude.list', 'Regular expressions matching schema names not to capture.'],
    [
      'table.include.list',
      'Regular expressions matching fully-qualified table names (schema.table) to capture.',
    ],
    ['table.exclude.list', 'Regular expressions matching fully-qualified table names not to capture.'],
    [
      'column.include.list',
      'Regular expressions matching fully-qualified column names (schema.table.column) to emit.',
    ],
    ['column.exclude.list', 'Regular expressions matching fully-qualified column names to leave out.'],
  ] as const) {
    def.define({
      name,
      type: 'LIST',
      defaultValue: null,
      importance: 'HIGH',
      documentation: doc,
      group: GROUP_FILTERS,
    });
  }
  enumKey(
    def,
    'snapshot.mode',
    ['always', 'initial', 'no_data', 'never', 'initial_only', 'when_needed', 'configuration_based', 'custom'],
    'initial',
    "initial: snapshot when no offsets exist, then stream; always: snapshot on every start; no_data (or the older 'never'): stream only; initial_only: snapshot, then stop; when_needed: snapshot when no offsets exist or the slot lost the stored position.",
    GROUP_EVENTS,
  );
  enumKey(
    def,
    'decimal.handling.mode',
    ['precise', 'double', 'string'],
    'precise',
    'How NUMERIC and MONEY values are represented: Connect Decimal (precise), float64 (double) or text (string).',
    GROUP_EVENTS,
  );
  enumKey(
    def,
    'time.precision.mode',
    ['adaptive', 'adaptive_time_microseconds', 'connect', 'isostring', 'microseconds', 'nanoseconds'],
    'adaptive',
    'How temporal values are represented: Debezium time types sized by column precision (adaptive), or Connect logical types (connect).',
    GROUP_EVENTS,
  );
  enumKey(
    def,
    'binary.handling.mode',
    ['bytes', 'base64', 'base64-url-safe', 'hex'],
    'bytes',
    'How bytea values are represented.',
    GROUP_EVENTS,
  );
  enumKey(
    def,
    'interval.handling.mode',
    ['numeric', 'string'],
    'numeric',
    'How interval values are represented: microseconds (numeric) or ISO 8601 (string).',
    GROUP_EVENTS,
  );
  def
    .define({
      name: 'money.fraction.digits',
      type: 'SHORT',
      defaultValue: 2,
      importance: 'LOW',
      documentation: 'Scale of MONEY values in precise mode.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'include.unknown.datatypes',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation:
        'Emit columns of types without a mapping as their raw text bytes instead of leaving them out.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'tombstones.on.delete',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'MEDIUM',
      documentation: 'Whether a delete event is followed by a tombstone (same key, null value).',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'skipped.operations',
      type: 'LIST',
      defaultValue: 't',
      validator: rule('c, u, d, t or none', (value) => {
        for (const op of (value as string[] | null) ?? []) {
          if (!['c', 'u', 'd', 't', 'none'].includes(op.trim().toLowerCase()))
            return `The 'skipped.operations' value is invalid: ${op}`;
        }
        return undefined;
      }),
      importance: 'LOW',
      documentation: "Operations not emitted: c (insert), u (update), d (delete), t (truncate), or 'none'.",
      group: GROUP_EVENTS,
    })
    .define({
      name: 'provide.transaction.metadata',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'LOW',
      documentation:
        'Emit BEGIN and END events to <topic.prefix>.transaction and a transaction block in every change event.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'heartbeat.interval.ms',
      type: 'INT',
      defaultValue: 0,
      validator: Range.atLeast(0),
      importance: 'MEDIUM',
      documentation:
        'How often to emit a heartbeat record (0: never). Heartbeats let offsets, and so the slot, advance while the captured tables are quiet.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'heartbeat.action.query',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'SQL run against the database with each heartbeat.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'topic.heartbeat.prefix',
      type: 'STRING',
      defaultValue: '__debezium-heartbeat',
      importance: 'LOW',
      documentation: 'Prefix of the heartbeat topic: <prefix>.<topic.prefix>.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'topic.transaction',
      type: 'STRING',
      defaultValue: 'transaction',
      importance: 'LOW',
      documentation: 'Suffix of the transaction metadata topic: <topic.prefix>.<suffix>.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'topic.delimiter',
      type: 'STRING',
      defaultValue: '.',
      importance: 'LOW',
      documentation: 'Delimiter between topic name parts.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'extended.headers.enabled',
      type: 'BOOLEAN',
      defaultValue: true,
      importance: 'LOW',
      documentation: 'Add the __debezium.context.* headers naming the connector to every record.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'max.batch.size',
      type: 'INT',
      defaultValue: 2048,
      validator: Range.atLeast(1),
      importance: 'MEDIUM',
      documentation: 'Maximum number of records returned by one poll.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'max.queue.size',
      type: 'INT',
      defaultValue: 8192,
      validator: Range.atLeast(1),
      importance: 'MEDIUM',
      documentation: 'Maximum number of decoded changes buffered before the replication stream is paused.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'poll.interval.ms',
      type: 'LONG',
      defaultValue: 500,
      validator: Range.atLeast(0),
      importance: 'LOW',
      documentation: 'How long a poll waits for changes when none are buffered.',
      group: GROUP_EVENTS,
    })
    .define({
      name: 'snapshot.fetch.size',
      type: 'INT',
      defaultValue: 10_240,
      validator: Range.atLeast(1),
      importance: 'LOW',
      documentation: 'Rows fetched at a time while snapshotting a table.',
      group: GROUP_EVENTS,
    });
  return def;
}

/** The parsed config a task works with. */
export interface PostgresCdcConfig {
  readonly connectorName: string;
  readonly hostname: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | null;
  readonly dbname: string;
  readonly sslmode: string;
  readonly sslrootcert: string | null;
  readonly topicPrefix: string;
  readonly slotName: string;
  readonly slotDropOnStop: boolean;
  readonly slotMaxRetries: number;
  readonly slotRetryDelayMs: number;
  readonly publicationName: string;
  readonly publicationAutocreateMode: PublicationAutocreateMode;
  readonly statusUpdateIntervalMs: number;
  readonly flushLsnSource: boolean;
  readonly schemaIncludeList: readonly string[] | null;
  readonly schemaExcludeList: readonly string[] | null;
  readonly tableIncludeList: readonly string[] | null;
  readonly tableExcludeList: readonly string[] | null;
  readonly columnIncludeList: readonly string[] | null;
  readonly columnExcludeList: readonly string[] | null;
  readonly snapshotMode: SnapshotMode;
  readonly decimalHandlingMode: DecimalHandlingMode;
  readonly timePrecisionMode: TimePrecisionMode;
  readonly binaryHandlingMode: BinaryHandlingMode;
  readonly intervalHandlingMode: 'numeric' | 'string';
  readonly moneyFractionDigits: number;
  readonly includeUnknownDatatypes: boolean;
  readonly tombstonesOnDelete: boolean;
  readonly skippedOperations: ReadonlySet<Operation>;
  readonly provideTransactionMetadata: boolean;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatActionQuery: string | null;
  readonly heartbeatTopic: string;
  readonly transactionTopic: string;
  readonly topicDelimiter: string;
  readonly extendedHeaders: boolean;
  readonly maxBatchSize: number;
  readonly maxQueueSize: number;
  readonly pollIntervalMs: number;
  readonly snapshotFetchSize: number;
}

const lower = (v: unknown) => String(v).toLowerCase();

/** Problems the ConfigDef cannot express: values Debezium accepts that this connector does not. */
export function unsupportedSettings(
  parsed: Readonly<Record<string, unknown>>,
): { name: string; error: string }[] {
  const problems: { name: string; error: string }[] = [];
  if (lower(parsed['plugin.name']) !== 'pgoutput') {
    problems.push({
      name: 'plugin.name',
      error:
        "Only the pgoutput logical decoding plugin is supported; set plugin.name=pgoutput (Debezium's default, decoderbufs, needs a server extension)",
    });
  }
  const snapshot = lower(parsed['snapshot.mode']);
  if (snapshot === 'configuration_based' || snapshot === 'custom') {
    problems.push({ name: 'snapshot.mode', error: `snapshot.mode=${snapshot} is not supported` });
  }
  if (lower(parsed['time.precision.mode']) === 'isostring') {
    problems.push({ name: 'time.precision.mode', error: 'time.precision.mode=isostring is not supported' });
  }
  return problems;
}

export function parsePostgresCdcConfig(props: Readonly<Record<string, unknown>>): PostgresCdcConfig {
  const p = postgresCdcConfigDef().parse(props);
  const problems = unsupportedSettings(p);
  if (problems.length > 0) throw new Error(problems.map((x) => x.error).join('; '));
  const list = (key: string) => {
    const value = p[key] as string[] | null;
    return value === null || value.length === 0 ? null : value;
  };
  const skipped = new Set<Operation>();
  for (const op of (p['skipped.operations'] as string[] | null) ?? []) {
    const o = op.trim().toLowerCase();
    if (o !== 'none') skipped.add(o as Operation);
  }
  const snapshotMode = lower(p['snapshot.mode']);
  const prefix = p['topic.prefix'] as string;
  const delimiter = p['topic.delimiter'] as string;
  return {
    connectorName: String(props.name ?? prefix),
    hostname: p['database.hostname'] as string,
    port: p['database.port'] as number,
    user: p['database.user'] as string,
    password: (p['database.password'] as Password | null)?.value ?? null,
    dbname: p['database.dbname'] as string,
    sslmode: lower(p['database.sslmode']),
    sslrootcert: p['database.sslrootcert'] as string | null,
    topicPrefix: prefix,
    slotName: p['slot.name'] as string,
    slotDropOnStop: p['slot.drop.on.stop'] as boolean,
    slotMaxRetries: p['slot.max.retries'] as number,
    slotRetryDelayMs: p['slot.retry.delay.ms'] as number,
    publicationName: p['publication.name'] as string,
    publicationAutocreateMode: lower(p['publication.autocreate.mode']) as PublicationAutocreateMode,
    statusUpdateIntervalMs: p['status.update.interval.ms'] as number,
    flushLsnSource: p['flush.lsn.source'] as boolean,
    schemaIncludeList: list('schema.include.list'),
    schemaExcludeList: list('schema.exclude.list'),
    tableIncludeList: list('table.include.list'),
    tableExcludeList: list('table.exclude.list'),
    columnIncludeList: list('column.include.list'),
    columnExcludeList: list('column.exclude.list'),
    snapshotMode: (snapshotMode === 'never' ? 'no_data' : snapshotMode) as SnapshotMode,
    decimalHandlingMode: lower(p['decimal.handling.mode']) as DecimalHandlingMode,
    timePrecisionMode: lower(p['time.precision.mode']) as TimePrecisionMode,
    binaryHandlingMode: lower(p['binary.handling.mode']) as BinaryHandlingMode,
    intervalHandlingMode: lower(p['interval.handling.mode']) as 'numeric' | 'string',
    moneyFractionDigits: p['money.fraction.digits'] as number,
    includeUnknownDatatypes: p['include.unknown.datatypes'] as boolean,
    tombstonesOnDelete: p['tombstones.on.delete'] as boolean,
    skippedOperations: skipped,
    provideTransactionMetadata: p['provide.transaction.metadata'] as boolean,
    heartbeatIntervalMs: p['heartbeat.interval.ms'] as number,
    heartbeatActionQuery: p['heartbeat.action.query'] as string | null,
    heartbeatTopic: `${p['topic.heartbeat.prefix'] as string}${delimiter}${prefix}`,
    transactionTopic: `${prefix}${delimiter}${p['topic.transaction'] as string}`,
    topicDelimiter: delimiter,
    extendedHeaders: p['extended.headers.enabled'] as boolean,
    maxBatchSize: p['max.batch.size'] as number,
    maxQueueSize: p['max.queue.size'] as number,
    pollIntervalMs: p['poll.interval.ms'] as number,
    snapshotFetchSize: p['snapshot.fetch.size'] as number,
  };
}
