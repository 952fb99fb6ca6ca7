// npm run bench -- --only cdc: change events from PostgreSQL's WAL to Kafka, this project's
// PostgreSQL source (the standalone CLI) next to Debezium 3.6.1 in Kafka Connect standalone, on the
// same workload in the same run. Both slots are created before the workload, so each connector
// drains exactly the same WAL; they run one after the other (not side by side) so each gets the
// machine to itself, and each is measured from outside: wall time to the last event in Kafka and
// the CPU time of its process tree. Also: pgoutput decoding alone, ours against the
// pg-logical-replication library's parser, on the same captured messages (why the connector has
// its own decoder on top of `pg`). Ours runs twice per round: at least once, and exactly once
// (worker exactly.once.source.support=enabled: a Kafka transaction per poll, settled with the lease).
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { PgoutputParser } from 'pg-logical-replication/dist/output-plugins/pgoutput/pgoutput-parser.js';
import { classpath, fetchJars } from '../scripts/infra/jars.ts';
import { javaBinary } from '../scripts/infra/java.ts';
import { endpoints, postgresAdmin, projectRoot } from '../scripts/infra/settings.ts';
import { parsePostgresCdcConfig } from '../shared/connectors/postgres-cdc/config.ts';
import { decodePgoutput } from '../shared/connectors/postgres-cdc/pgoutput.ts';
import { TableCatalog } from '../shared/connectors/postgres-cdc/table-catalog.ts';
import { KAFKA_SCRIPT_JVM_FLAGS } from './sinks/kafka-connect.ts';
import { cliPath } from './sinks/serverless-connect.ts';
import { BenchProcess } from './support/child.ts';
import { UsageSampler } from './support/proc-stats.ts';

export interface CdcRun {
  readonly connector: 'serverless-connect' | 'serverless-connect (exactly once)' | 'debezium';
  readonly events: number;
  /** Process start to the last event in Kafka (start-up included). */
  readonly totalSeconds: number;
  /** First event to last event in Kafka: the streaming rate once running. */
  readonly streamingSeconds: number;
  readonly eventsPerSecond: number;
  readonly cpuSeconds: number;
  readonly cpuSecondsPerMillion: number;
  readonly peakRssBytes: number;
}

export interface DecoderRun {
  readonly decoder: 'serverless-connect' | 'pg-logical-replication';
  readonly messages: number;
  readonly cpuSecondsPerMillion: number;
}

export interface CdcResult {
  readonly changes: number;
  readonly runs: readonly CdcRun[];
  readonly decoders: readonly DecoderRun[];
}

export interface CdcOptions {
  readonly changes: number;
  readonly heapMb: number;
  readonly rounds: number;
  readonly timeoutSeconds: number;
}

const TABLE = 'bench_events';

async function client(
  database: string,
  user: string = postgresAdmin.user,
  password: string = postgresAdmin.password,
) {
  const c = new pg.Client({ ...postgresAdmin, database, user, password });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** Inserts then updates, in transactions of 1,000 rows: `changes` change events in the WAL. */
async function runWorkload(db: pg.Client, changes: number): Promise<void> {
  const inserts = Math.ceil(changes / 2);
  for (let from = 1; from <= inserts; from += 1000) {
    const to = Math.min(inserts, from + 999);
    await db.query(
      `INSERT INTO ${TABLE} (id, account, amount, note) SELECT g, g % 97, g * 1.25, 'note ' || g FROM generate_series(${from}, ${to}) g`,
    );
  }
  const updates = changes - inserts;
  for (let from = 1; from <= updates; from += 1000) {
    const to = Math.min(updates, from + 999);
    await db.query(
      `UPDATE ${TABLE} SET amount = amount + 1, note = note || '!' WHERE id BETWEEN ${from} AND ${to}`,
    );
  }
}

async function endOffset(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits for `events` records in `topic`, timing the first and the last. Exactly once, the log also
 * holds a commit marker per transaction (one per poll of up to 2,048 events), so the count is
 * reached that many events early: well under 1% of them.
 */
async function measure(
  proc: BenchProcess,
  kafka: Kafka,
  topic: string,
  events: number,
  timeoutSeconds: number,
): Promise<{ firstAt: number; lastAt: number }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let firstAt = 0;
  for (;;) {
    proc.assertAlive();
    const count = await endOffset(kafka, topic);
    if (count > 0 && firstAt === 0) firstAt = Date.now();
    if (count >= events) return { firstAt, lastAt: Date.now() };
    if (Date.now() > deadline) {
      throw new Error(
        `${proc.name} delivered ${count} of ${events} events in ${timeoutSeconds} s:\n${proc.logTail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function connectorConfig(db: string, user: string, password: string, prefix: string) {
  return {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': '1',
    'plugin.name': 'pgoutput',
    'database.hostname': postgresAdmin.host,
    'database.port': String(postgresAdmin.port),
    'database.user': user,
    'database.password': password,
    'database.dbname': db,
    'topic.prefix': prefix,
    'slot.name': `${prefix}_slot`,
    'publication.name': `${prefix}_pub`,
    'publication.autocreate.mode': 'disabled',
    'snapshot.mode': 'no_data',
    'table.include.list': `public.${TABLE}`,
  };
}

async function runOne(
  which: CdcRun['connector'],
  setup: { dir: string; db: string; user: string; password: string; prefix: string; events: number },
  options: CdcOptions,
  kafka: Kafka,
): Promise<CdcRun> {
  const topic = `${setup.prefix}.public.${TABLE}`;
  const config = connectorConfig(setup.db, setup.user, setup.password, setup.prefix);
  const name = `${setup.prefix}-cdc`;
  let proc: BenchProcess;
  if (which === 'debezium') {
    const worker = path.join(setup.dir, `${name}.worker.properties`);
    await writeFile(
      worker,
      [
        `bootstrap.servers=${endpoints.kafkaBootstrap}`,
        'key.converter=org.apache.kafka.connect.json.JsonConverter',
        'value.converter=org.apache.kafka.connect.json.JsonConverter',
        `offset.storage.file.filename=${path.join(setup.dir, `${name}.offsets`)}`,
        'offset.flush.interval.ms=1000',
        'listeners=http://127.0.0.1:0',
        'plugin.discovery=only_scan',
        '',
      ].join('\n'),
    );
    const connector = path.join(setup.dir, `${name}.json`);
    await writeFile(connector, JSON.stringify({ name, ...config }));
    const log4j = path.join(setup.dir, `${name}.log4j2.properties`);
    await writeFile(
      log4j,
      'rootLogger.level=WARN\nrootLogger.appenderRef.c.ref=C\nappender.c.type=Console\nappender.c.name=C\n',
    );
    proc = new BenchProcess(
      'debezium',
      javaBinary(),
      [
        `-Xms${Math.min(256, options.heapMb)}m`,
        `-Xmx${options.heapMb}m`,
        ...KAFKA_SCRIPT_JVM_FLAGS,
        `-Dlog4j2.configurationFile=${log4j}`,
        '-cp',
        classpath('debezium'),
        'org.apache.kafka.connect.cli.ConnectStandalone',
        worker,
        connector,
      ],
      path.join(setup.dir, `${name}.log`),
    );
  } else {
    const worker = path.join(setup.dir, `${name}.worker.properties`);
    const exactlyOnce = which === 'serverless-connect (exactly once)';
    await writeFile(
      worker,
      `bootstrap.servers=${endpoints.kafkaBootstrap}\noffset.flush.interval.ms=1000\n${
        exactlyOnce ? 'exactly.once.source.support=enabled\n' : ''
      }`,
    );
    const connector = path.join(setup.dir, `${name}.json`);
    await writeFile(connector, JSON.stringify({ name, config }));
    proc = new BenchProcess(
      'serverless-connect',
      process.execPath,
      [
        `--max-old-space-size=${options.heapMb}`,
        cliPath,
        'standalone',
        worker,
        connector,
        '--offsets-file',
        path.join(setup.dir, `${name}.offsets.json`),
        '--rest-port',
        'off',
        '--log-level',
        'warn',
      ],
      path.join(setup.dir, `${name}.log`),
      projectRoot,
    );
  }
  const startedAt = Date.now();
  const sampler = new UsageSampler(proc.pid);
  try {
    const { firstAt, lastAt } = await measure(proc, kafka, topic, setup.events, options.timeoutSeconds);
    const usage = sampler.stop();
    const totalSeconds = (lastAt - startedAt) / 1000;
    return {
      connector: which,
      events: setup.events,
      totalSeconds,
      streamingSeconds: Math.max(0.001, (lastAt - firstAt) / 1000),
      eventsPerSecond: setup.events / Math.max(0.001, (lastAt - firstAt) / 1000),
      cpuSeconds: usage.cpuSeconds,
      cpuSecondsPerMillion: usage.cpuSeconds / (setup.events / 1e6),
      peakRssBytes: usage.peakRssBytes,
    };
  } finally {
    sampler.stop();
    await proc.stop('SIGTERM');
  }
}

/**
 * Decodes the same captured pgoutput messages to column values with ours (decoder + the column
 * converters) and with pg-logical-replication's parser (which converts with pg's type parsers).
 */
async function decoderBench(
  db: pg.Client,
  config: Record<string, string>,
  messages: Buffer[],
): Promise<DecoderRun[]> {
  const catalog = await TableCatalog.load(db, parsePostgresCdcConfig(config));
  const table = catalog.tables()[0]!.captured;
  const convert = table.columns.map((c) => c.fromText);
  const runs: DecoderRun[] = [];
  const rounds = Math.max(1, Math.ceil(1_000_000 / messages.length));
  for (const decoder of ['serverless-connect', 'pg-logical-replication'] as const) {
    const theirs = new PgoutputParser();
    const ours = (b: Buffer) => {
      const m = decodePgoutput(b, 0);
      if (m.tag === 'insert' || m.tag === 'update') {
        const row = m.newTuple;
        for (let i = 0; i < row.length; i++) {
          const v = row[i];
          if (typeof v === 'string') convert[i]!(v);
        }
      }
      return m;
    };
    const decode = decoder === 'serverless-connect' ? ours : (b: Buffer) => theirs.parse(b);
    for (const m of messages) decode(m); // warm-up, and the relation message first
    const before = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const m of messages) decode(m);
    const used = process.cpuUsage(before);
    const total = rounds * messages.length;
    runs.push({
      decoder,
      messages: total,
      cpuSecondsPerMillion: (used.user + used.system) / 1e6 / (total / 1e6),
    });
  }
  return runs;
}

export async function runCdcBench(
  options: CdcOptions,
  dir: string,
  log: (line: string) => void,
): Promise<CdcResult> {
  await fetchJars('debezium', log);
  const id = randomUUID().slice(0, 8);
  const db = `bench_cdc_${id}`;
  const user = `bench_cdc_${id}`;
  const password = `pw_${id}`;
  const root = await client(postgresAdmin.database);
  const kafka = new Kafka({ brokers: [endpoints.kafkaBootstrap], logLevel: logLevel.NOTHING });
  const runs: CdcRun[] = [];
  let decoders: DecoderRun[] = [];
  await root.query(`CREATE ROLE ${user} LOGIN REPLICATION PASSWORD '${password}'`);
  await root.query(`CREATE DATABASE ${db} OWNER ${user}`);
  const owner = await client(db, user, password);
  try {
    await owner.query(
      `CREATE TABLE ${TABLE} (id bigint PRIMARY KEY, account integer NOT NULL, amount numeric(12,2), note text, created timestamptz NOT NULL DEFAULT now())`,
    );
    const admin = kafka.admin();
    await admin.connect();
    const prefixes: { which: CdcRun['connector']; prefix: string }[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Alternating who goes first, so neither always gets the warmer caches.
      const order =
        round % 2 === 0
          ? (['debezium', 'serverless-connect', 'serverless-connect (exactly once)'] as const)
          : (['serverless-connect (exactly once)', 'serverless-connect', 'debezium'] as const);
      for (const which of order) {
        const kind = which === 'debezium' ? 'dbz' : which === 'serverless-connect' ? 'sc' : 'sceos';
        const prefix = `${kind}${round}_${id}`;
        prefixes.push({ which, prefix });
        await owner.query(`CREATE PUBLICATION ${prefix}_pub FOR TABLE ${TABLE}`);
        await owner.query(`SELECT pg_create_logical_replication_slot('${prefix}_slot', 'pgoutput')`);
        await admin.createTopics({
          topics: [{ topic: `${prefix}.public.${TABLE}`, numPartitions: 1, replicationFactor: 1 }],
        });
      }
    }
    await owner.query(`CREATE PUBLICATION decoder_${id} FOR TABLE ${TABLE}`);
    await owner.query(`SELECT pg_create_logical_replication_slot('decoder_${id}', 'pgoutput')`);
    await admin.disconnect();
    log(`cdc: ${options.changes} changes (inserts, then updates, 1,000 rows a transaction) into ${TABLE}`);
    await runWorkload(owner, options.changes);

    const captured = await owner.query<{ data: Buffer }>(
      `SELECT data FROM pg_logical_slot_peek_binary_changes('decoder_${id}', NULL, 20000, 'proto_version', '1', 'publication_names', 'decoder_${id}')`,
    );
    log('cdc: decoding the same pgoutput messages with ours and with pg-logical-replication');
    decoders = await decoderBench(
      owner,
      connectorConfig(db, user, password, `decoder_${id}`),
      captured.rows.map((r) => r.data),
    );

    for (const { which, prefix } of prefixes) {
      log(`cdc: ${which} drains its slot (${prefix})`);
      runs.push(
        await runOne(which, { dir, db, user, password, prefix, events: options.changes }, options, kafka),
      );
    }
  } finally {
    await owner.end().catch(() => {});
    await root.query(
      'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = $1 AND active_pid IS NOT NULL',
      [db],
    );
    await new Promise((r) => setTimeout(r, 500));
    await root.query(
      'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1',
      [db],
    );
    await root.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await root.query(`DROP ROLE IF EXISTS ${user}`);
    await root.end();
  }
  return { changes: options.changes, runs, decoders };
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The CDC section of the benchmark report. */
export function cdcMarkdown(result: CdcResult): string[] {
  const lines = [
    '## Change data capture: PostgreSQL WAL → Kafka (bench/cdc.ts)',
    '',
    `${fmt(result.changes)} row changes (inserts, then updates, 1,000 rows a transaction) drained from a slot of each ` +
      "connector's own, one connector at a time; JsonConverter with schemas on both sides. Events/s from the first to the " +
      'last event in Kafka; CPU of the whole process tree (JVM or Node), start-up included.',
    '',
    '| connector | events | events/s | total s (with start-up) | CPU s | CPU s per million | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of result.runs) {
    lines.push(
      `| ${r.connector} | ${fmt(r.events)} | ${fmt(r.eventsPerSecond)} | ${fmt(r.totalSeconds, 1)} | ${fmt(r.cpuSeconds, 1)} | ${fmt(r.cpuSecondsPerMillion, 1)} | ${fmt(r.peakRssBytes / 1e6)} MB |`,
    );
  }
  lines.push(
    '',
    '| pgoutput decoding to column values | messages | CPU s per million |',
    '| --- | ---: | ---: |',
  );
  for (const d of result.decoders) {
    lines.push(`| ${d.decoder} | ${fmt(d.messages)} | ${fmt(d.cpuSecondsPerMillion, 2)} |`);
  }
  lines.push('');
  return lines;
}
