// Kafka's FileStreamSource through the runtime, with in-memory leases (standalone's) and with
// DynamoDB Local (the distributed deployment's): every line of the file reaches the topic once,
// in order, the committed offset is the file position after the last line, and lines appended
// later follow; a fresh runtime resumes at the committed position without repeating a line.
import { appendFile, mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { createTopic } from '../../support/kafka.ts';
import { uniqueName } from '../../support/local.ts';
import { stringConverters, testRegistry, testRuntime } from '../../support/runtime.ts';
import { createSourceConnector, readTopic, waitForRecords } from '../../support/source.ts';
import { storeKinds, testStores } from '../../support/stores.ts';
import { waitFor } from '../../support/wait.ts';

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i}`);

describe.each(storeKinds)('FileStreamSource (%s leases)', (kind) => {
  it('moves every line once, commits the file position, follows appends and resumes after a restart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-file-source-'));
    const file = path.join(dir, 'input.txt');
    await writeFile(file, `${lines(0, 500).join('\n')}\n`);
    const topic = uniqueName('file-source');
    await createTopic(topic, 1);
    const name = uniqueName('file-source');
    const { configs, leases, cleanup } = await testStores(kind);
    const statuses = new MemoryStatusStore();
    try {
      await createSourceConnector(configs, name, {
        'connector.class': 'FileStreamSource',
        file,
        topic,
        'batch.size': '100',
        ...stringConverters,
      });
      const first = testRuntime({ configs, leases, statuses });
      const running = first.run();
      await waitForRecords(topic, 500);
      await appendFile(file, `${lines(500, 100).join('\n')}\n`);
      await waitForRecords(topic, 600);
      const size = (await stat(file)).size;
      await waitFor('the offset of the last line committed', async () => {
        const [stored] = await leases.sourceOffsets(name);
        return stored?.offset.position === size ? true : undefined;
      });
      expect(await leases.sourceOffsets(name)).toEqual([
        { partition: { filename: file }, offset: { position: size } },
      ]);
      const service = new ConnectorService({
        configs,
        statuses,
        leases,
        trigger: { reconcile: async () => {} },
        plugins: testRegistry,
      });
      expect(await service.connectorStatus(name)).toMatchObject({
        type: 'source',
        connector: { state: 'RUNNING' },
        tasks: [{ id: 0, state: 'RUNNING' }],
      });
      expect(await service.offsets(name)).toEqual({
        offsets: [{ partition: { filename: file }, offset: { position: size } }],
      });
      expect(await service.activeTopics(name)).toEqual({ [name]: { topics: [topic] } });
      await first.stop();
      await running;

      // Lines written while nothing runs are picked up by the next runtime, after the last commit.
      await appendFile(file, 'tail a\r\ntail b\rtail c\n');
      const second = testRuntime({ configs, leases, statuses });
      const again = second.run();
      const records = await waitForRecords(topic, 603);
      await second.stop();
      await again;
      const values = (await readTopic(topic)).map((r) => r.value?.toString());
      expect(values).toEqual([...lines(0, 600), 'tail a', 'tail b', 'tail c']);
      expect(records.every((r) => r.key === null)).toBe(true);
      const [stored] = await leases.sourceOffsets(name);
      expect(stored?.offset.position).toBe((await stat(file)).size);
    } finally {
      await cleanup();
    }
  });
});
