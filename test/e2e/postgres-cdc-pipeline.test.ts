// End to end: PostgreSQL → the CDC source → Kafka → ExtractNewRecordState → a sink, both connectors
// in one standalone worker (the CLI, as users run it). A random workload of 10,000 inserts, updates
// (key changes included) and deletes, in transactions of random size, runs against a table after its
// snapshot; the file sink, with the usual unwrap JSON, must end up holding exactly the table's rows.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic } from '../support/kafka.ts';
import { type CdcDatabase, createCdcDatabase } from '../support/postgres.ts';
import { useServices } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const STATEMENTS = Number(process.env.SC_CDC_E2E_STATEMENTS ?? 10_000);
const KEYS = 400;

/** A small deterministic generator, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = { id: number; name: string | null; qty: number; price: string | null; tags: string[] | null };

/** Statements that keep working whatever the table holds (no duplicate or missing keys). */
function workload(seed: number): string[][] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const word = () => ['alpha', 'beta', 'gamma', "o'brien", 'δelta', 'x,y', ''][pick(7)]!;
  const transactions: string[][] = [];
  let made = 0;
  while (made < STATEMENTS) {
    const size = Math.min(STATEMENTS - made, 1 + (next() < 0.8 ? 0 : pick(20)));
    const statements: string[] = [];
    for (let i = 0; i < size; i++) {
      const id = 1 + pick(KEYS);
      const r = next();
      const name = next() < 0.1 ? 'NULL' : `'${word().replace(/'/g, "''")}-${pick(1000)}'`;
      if (r < 0.4) {
        statements.push(
          `INSERT INTO items (id, name, qty, price, tags) VALUES (${id}, ${name}, ${pick(100)}, ${(pick(100000) / 100).toFixed(2)}, ARRAY['${word().replace(/'/g, "''")}']) ON CONFLICT (id) DO UPDATE SET qty = items.qty + 1`,
        );
      } else if (r < 0.75) {
        statements.push(
          `UPDATE items SET name = ${name}, qty = qty + ${pick(5)}, price = NULL WHERE id = ${id}`,
        );
      } else if (r < 0.8) {
        const to = KEYS + 1 + pick(KEYS);
        statements.push(
          `UPDATE items SET id = ${to} WHERE id = ${id} AND NOT EXISTS (SELECT 1 FROM items WHERE id = ${to})`,
        );
      } else {
        statements.push(`DELETE FROM items WHERE id = ${id}`);
      }
    }
    made += statements.length;
    transactions.push(statements);
  }
  return transactions;
}

describe('PostgreSQL → CDC source → Kafka → ExtractNewRecordState → file sink', () => {
  let db: CdcDatabase;
  let worker: ReturnType<typeof startCli> | undefined;

  beforeAll(async () => {
    await useServices('postgres');
    db = await createCdcDatabase('e2e');
    await db.owner.query(
      `CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer NOT NULL DEFAULT 0, price numeric(10,2), tags text[]);
       INSERT INTO items SELECT g, 'seed-' || g, g, g * 1.5, ARRAY['s'] FROM generate_series(1, 100) g;`,
    );
  });

  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.done;
    await db?.drop();
  });

  test('the sink ends up holding exactly the table after 10,000 random changes', {
    timeout: 400_000,
  }, async () => {
    const prefix = `e2e${db.dbname.slice(-8)}`;
    const topic = `${prefix}.public.items`;
    await createTopic(topic, 1);
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-cdc-e2e-'));
    const output = path.join(dir, 'items.jsonl');
    const source = path.join(dir, 'source.json');
    await writeFile(
      source,
      JSON.stringify({
        name: prefix,
        config: {
          ...db.connectorConfig(),
          'topic.prefix': prefix,
          'slot.name': `${prefix}_slot`,
          'publication.name': `${prefix}_pub`,
          'publication.autocreate.mode': 'filtered',
        },
      }),
    );
    const connector = path.join(dir, 'sink.json');
    await writeFile(
      path.join(dir, 'worker.properties'),
      `offset.storage.file.filename=${path.join(dir, 'offsets.json')}\n`,
    );
    await writeFile(
      connector,
      JSON.stringify({
        name: `${prefix}-sink`,
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file: output,
          'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          transforms: 'unwrap',
          'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
          'transforms.unwrap.delete.tombstone.handling.mode': 'rewrite',
          'transforms.unwrap.add.fields': 'op,lsn',
        },
      }),
    );
    worker = startCli(['standalone', path.join(dir, 'worker.properties'), source, connector]);
    // The snapshot rows arrive first: then the source streams.
    await waitFor(
      'the snapshot in the sink',
      () => (existsSync(output) && readFileSync(output, 'utf8').split('\n').length > 100 ? true : undefined),
      120_000,
      250,
    );
    for (const statements of workload(20261202)) {
      await db.owner.query(`BEGIN; ${statements.join('; ')}; COMMIT`);
    }
    const expected = (
      await db.owner.query<{
        id: string;
        name: string | null;
        qty: string;
        price: string | null;
        tags: string;
      }>('SELECT id, name, qty, price, array_to_json(tags)::text AS tags FROM items ORDER BY id')
    ).rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      qty: Number(r.qty),
      price: r.price,
      tags: r.tags === null ? null : (JSON.parse(r.tags) as string[]),
    }));

    const materialize = (): Map<number, Row> => {
      const rows = new Map<number, Row>();
      if (!existsSync(output)) return rows;
      for (const line of readFileSync(output, 'utf8').split('\n')) {
        if (line === '') continue;
        const value = JSON.parse(line) as Row & { __deleted: string };
        if (value.__deleted === 'true') rows.delete(value.id);
        else
          rows.set(value.id, {
            id: value.id,
            name: value.name,
            qty: value.qty,
            price: value.price,
            tags: value.tags,
          });
      }
      return rows;
    };
    const sameAsTable = () => {
      const rows = [...materialize().values()].sort((a, b) => a.id - b.id);
      return JSON.stringify(rows) === JSON.stringify(expected);
    };
    await waitFor(
      'the sink to hold the table',
      () => (sameAsTable() ? true : undefined),
      240_000,
      1000,
    ).catch(() => {});
    const rows = [...materialize().values()].sort((a, b) => a.id - b.id);
    if (rows.length !== expected.length) {
      worker.child.kill('SIGTERM');
      const finished = await worker.done;
      console.log(`sink worker output:\n${finished.stdout.slice(-3000)}\n${finished.stderr.slice(-3000)}`);
    }
    expect(rows.length).toBe(expected.length);
    expect(rows).toEqual(expected);
    const lines = readFileSync(output, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    // Every change went through: the snapshot plus at least one line per statement that hit a row.
    expect(lines.length).toBeGreaterThan(STATEMENTS / 2);
  });
});
