import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ConfigSnapshot,
  MemoryConfigStore,
} from '../../../shared/runtime/stores/memory-config-store.ts';
import {
  MemoryStatusStore,
  type StatusSnapshot,
} from '../../../shared/runtime/stores/memory-status-store.ts';
import { JsonSnapshotFile } from '../../../shared/standalone/json-snapshot-file.ts';

async function folder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'snapshot-'));
}

describe('memory stores persisted to JSON files', () => {
  it('find their connectors, restart requests, statuses and topics again after a restart', async () => {
    const dir = await folder();
    const configFile = new JsonSnapshotFile<ConfigSnapshot>(path.join(dir, 'state', 'configs.json'));
    const statusFile = new JsonSnapshotFile<StatusSnapshot>(path.join(dir, 'state', 'statuses.json'));
    const configs = await MemoryConfigStore.open(configFile);
    const statuses = await MemoryStatusStore.open(statusFile);
    await configs.create(
      { name: 'a', config: { k: 'v' }, taskConfigs: [{ k: 'v' }], targetState: 'RUNNING' },
      1,
    );
    await configs.update('a', 1, { targetState: 'PAUSED' }, 2);
    await configs.create({ name: 'b', config: {}, taskConfigs: [], targetState: 'STOPPED' }, 3);
    await configs.delete('b');
    await configs.requestRestart({
      id: 'r',
      connector: 'a',
      includeTasks: true,
      onlyFailed: false,
      requestedAt: 4,
    });
    await statuses.putConnectorStatus({
      connector: 'a',
      state: 'PAUSED',
      workerId: 'w',
      generation: 2,
      updatedAt: 5,
    });
    await statuses.putTaskStatus({
      connector: 'a',
      task: 0,
      state: 'FAILED',
      trace: 't',
      workerId: 'w',
      generation: 2,
      updatedAt: 5,
    });
    await statuses.addActiveTopics('a', ['orders'], 6);

    const configsAgain = await MemoryConfigStore.open(configFile);
    const statusesAgain = await MemoryStatusStore.open(statusFile);
    expect(await configsAgain.list()).toEqual(['a']);
    expect(await configsAgain.get('a')).toMatchObject({
      version: 2,
      targetState: 'PAUSED',
      taskConfigs: [{ k: 'v' }],
    });
    expect((await configsAgain.restartRequests('a')).map((r) => r.id)).toEqual(['r']);
    expect(await statusesAgain.connectorStatus('a')).toMatchObject({ state: 'PAUSED', generation: 2 });
    expect(await statusesAgain.taskStatuses('a')).toMatchObject([{ task: 0, state: 'FAILED', trace: 't' }]);
    expect(await statusesAgain.activeTopics('a')).toEqual(['orders']);
    // The file holds only the finished snapshot (no temporary file left behind).
    expect(JSON.parse(await readFile(configFile.path, 'utf8')).version).toBe(1);
  });

  it('starts empty without a file and refuses a corrupt one with a clear message', async () => {
    const dir = await folder();
    expect(
      await (await MemoryConfigStore.open(new JsonSnapshotFile(path.join(dir, 'none.json')))).list(),
    ).toEqual([]);
    const corrupt = path.join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"version": 1, "conn');
    await expect(MemoryConfigStore.open(new JsonSnapshotFile(corrupt))).rejects.toThrow(
      /State file .*corrupt\.json is not valid JSON/,
    );
  });
});
