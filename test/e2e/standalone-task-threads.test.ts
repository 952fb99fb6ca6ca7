// Two connectors in one standalone worker run their tasks in threads of their own (task.threads,
// the default), so they use two cores; killed (SIGKILL) mid-run and restarted, the worker still
// ends with every record of both topics exactly once, in partition order, and exits cleanly on
// Ctrl-C. With task.threads=false both run in the main thread.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.ts';
import { createTopic, produce } from '../support/kafka.ts';
import { uniqueName } from '../support/local.ts';
import { waitFor } from '../support/wait.ts';

const PARTITIONS = 4;
const PER_PARTITION = 1000;
const CONNECTORS = ['alpha', 'beta'] as const;

const lineCount = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;

/** The thread each connector's task logged `task started` from (0 is the main thread). */
function startThreads(stderr: string): Map<string, Set<number>> {
  const threads = new Map<string, Set<number>>();
  for (const line of stderr.split('\n')) {
    const match = / task started .*connector=(\S+) .*thread=(\d+)/.exec(line);
    if (!match) continue;
    const seen = threads.get(match[1]!) ?? new Set<number>();
    seen.add(Number(match[2]));
    threads.set(match[1]!, seen);
  }
  return threads;
}

async function setUp(workerLines: string) {
  const dir = await mkdtemp(path.join(tmpdir(), 'sc-threads-'));
  const worker = path.join(dir, 'worker.properties');
  await writeFile(
    worker,
    `offset.storage.file.filename=${path.join(dir, 'offsets.json')}\noffset.flush.interval.ms=0\n${workerLines}`,
  );
  const connectors = [];
  for (const label of CONNECTORS) {
    const topic = uniqueName(`threads-${label}`);
    await createTopic(topic, PARTITIONS);
    await produce(
      Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => {
        const partition = i % PARTITIONS;
        const seq = Math.floor(i / PARTITIONS);
        return {
          topic,
          partition,
          key: null,
          value: `${label}-p${partition}-${String(seq).padStart(5, '0')}`,
        };
      }),
      40,
    );
    const name = uniqueName(`threads-${label}`);
    const output = path.join(dir, `${label}.txt`);
    const file = path.join(dir, `${label}.json`);
    await writeFile(
      file,
      JSON.stringify({
        name,
        config: {
          'connector.class': 'FileStreamSink',
          topics: topic,
          file: output,
          'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
          'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
          // Small fetches make many batches, so the kill lands in the middle of the work.
          'consumer.override.max.partition.fetch.bytes': '600',
          'consumer.override.fetch.max.bytes': '2400',
        },
      }),
    );
    connectors.push({ label, name, output, file });
  }
  return { args: ['standalone', worker, ...connectors.map((c) => c.file)], connectors };
}

function expectExactOutput(label: string, output: string): void {
  const lines = readFileSync(output, 'utf8').split('\n').slice(0, -1);
  expect(lines).toHaveLength(PARTITIONS * PER_PARTITION);
  for (let partition = 0; partition < PARTITIONS; partition++) {
    expect(lines.filter((l) => l.startsWith(`${label}-p${partition}-`))).toEqual(
      Array.from(
        { length: PER_PARTITION },
        (_, seq) => `${label}-p${partition}-${String(seq).padStart(5, '0')}`,
      ),
    );
  }
}

describe('standalone task threads', () => {
  it('runs two connectors in two threads; killed and restarted, both outputs are exact', async () => {
    const { args, connectors } = await setUp('');
    const [alpha, beta] = connectors;

    const first = startCli(args);
    await waitFor('both connectors writing', () =>
      lineCount(alpha!.output) >= 1000 && lineCount(beta!.output) >= 1000 ? true : undefined,
    );
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(lineCount(alpha!.output) + lineCount(beta!.output)).toBeLessThan(2 * PARTITIONS * PER_PARTITION);
    const threads = startThreads(killed.stderr);
    const alphaThreads = [...(threads.get(alpha!.name) ?? [])];
    const betaThreads = [...(threads.get(beta!.name) ?? [])];
    expect(alphaThreads).toHaveLength(1);
    expect(betaThreads).toHaveLength(1);
    // Worker threads, and not the same one.
    expect(alphaThreads[0]).toBeGreaterThan(0);
    expect(betaThreads[0]).toBeGreaterThan(0);
    expect(alphaThreads[0]).not.toBe(betaThreads[0]);

    const last = startCli(args);
    await waitFor('every record of both topics in the outputs', () =>
      connectors.every((c) => lineCount(c.output) >= PARTITIONS * PER_PARTITION) ? true : undefined,
    );
    last.child.kill('SIGINT');
    const finished = await last.done;
    expect(finished.code, finished.stderr).toBe(0);
    for (const connector of connectors) expectExactOutput(connector.label, connector.output);
  });

  it('with task.threads=false runs both connectors in the main thread', async () => {
    const { args, connectors } = await setUp('task.threads=false\n');
    const run = startCli(args);
    await waitFor('every record of both topics in the outputs', () =>
      connectors.every((c) => lineCount(c.output) >= PARTITIONS * PER_PARTITION) ? true : undefined,
    );
    run.child.kill('SIGINT');
    const finished = await run.done;
    expect(finished.code, finished.stderr).toBe(0);
    for (const connector of connectors) expectExactOutput(connector.label, connector.output);
    // The task loops log from the main thread, without a thread field.
    expect(finished.stderr).toMatch(/ task started /);
    expect(startThreads(finished.stderr).size).toBe(0);
  });
});
