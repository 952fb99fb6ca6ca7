// The classic demo under fire: the standalone worker with the Elasticsearch sink (Confluent's
// class, tasks.max=3) moves 50,000 keyed records from 6 partitions into OpenSearch, and is killed
// with SIGKILL twice while bulk requests are in flight. After the restarts every key's document
// holds exactly its last record: what was written but not committed is delivered again, and the
// offsets as external versions keep a replayed older record from overwriting a newer one.
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../shared/kafka/index.ts';
import { startCli } from '../support/cli.ts';
import { createTopic, produce, testConnection } from '../support/kafka.ts';
import { documentProblems, keyedSinkConfig, keyedWorkload } from '../support/keyed-documents.ts';
import { uniqueName } from '../support/local.ts';
import { allDocuments, createBulkIndex, opensearchUrl } from '../support/opensearch.ts';
import { useServices } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const RECORDS = 50_000;
const KEYS = 20_000;
const PARTITIONS = 6;

describe('standalone Elasticsearch sink into OpenSearch, killed and restarted', () => {
  beforeAll(async () => {
    await useServices('opensearch');
  });

  it('ends with every key holding its last record after two SIGKILLs mid-batch', async () => {
    const topic = uniqueName('es-crash');
    await createTopic(topic, PARTITIONS);
    const workload = keyedWorkload(topic, RECORDS, KEYS);
    // Produced in parts, one per run, so every run has work left when it is killed even if this
    // process is starved of CPU for a while on a busy machine.
    await produce(workload.records.slice(0, 20_000), 5000);
    await createBulkIndex(topic);

    const dir = await mkdtemp(path.join(tmpdir(), 'sc-es-crash-'));
    const offsets = path.join(dir, 'offsets.json');
    const worker = path.join(dir, 'worker.properties');
    const connector = path.join(dir, 'connector.json');
    await writeFile(worker, `offset.storage.file.filename=${offsets}\noffset.flush.interval.ms=500\n`);
    await writeFile(
      connector,
      JSON.stringify({
        name: 'es-crash',
        config: {
          ...keyedSinkConfig(topic, opensearchUrl, 3),
          // Small batches and few in flight: many commits, so each kill lands between a write and its
          // commit, and no single commit jumps past the next kill point.
          'batch.size': '500',
          'max.in.flight.requests': '2',
          'max.buffered.records': '2000',
        },
      }),
    );
    const args = ['standalone', worker, connector];
    const committed = () => {
      try {
        const stored = JSON.parse(readFileSync(offsets, 'utf8')).connectors['es-crash'].offsets as Record<
          string,
          number
        >;
        return Object.values(stored).reduce((sum, o) => sum + o, 0);
      } catch {
        return 0;
      }
    };

    // Kill points in committed records: the tasks keep bulk requests in flight all the time, so a
    // kill lands between writes and their commit.
    let killedWithWorkLeft = 0;
    for (const [killAt, produced, next] of [
      [12_000, 20_000, 35_000],
      [26_000, 35_000, RECORDS],
    ] as const) {
      const run = startCli(args);
      await waitFor(
        `${killAt} records committed`,
        () => (committed() >= killAt ? true : undefined),
        180_000,
        50,
      );
      run.child.kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      if (committed() < produced) killedWithWorkLeft++;
      await produce(workload.records.slice(produced, next), 5000);
    }
    expect(killedWithWorkLeft).toBeGreaterThan(0);

    const last = startCli(args);
    await waitFor('every offset committed', () => (committed() >= RECORDS ? true : undefined), 240_000, 200);
    last.child.kill('SIGINT');
    const finished = await last.done;
    expect(finished.code, finished.stderr).toBe(0);

    const admin = createAdmin(testConnection);
    const ends = await admin.listOffsets([topic], 'latest');
    await admin.close();
    const stored = JSON.parse(readFileSync(offsets, 'utf8')).connectors['es-crash'].offsets;
    expect(stored).toEqual(Object.fromEntries(ends.map((o) => [`${topic}:${o.partition}`, o.offset])));
    const documents = await allDocuments(topic);
    expect(documentProblems(workload, documents)).toEqual([]);
    expect(documents.size).toBe(KEYS);
  });
});
