// The control plane reaches running task invocations in standalone mode (one process, tasks as
// async loops, leases in memory): the same scenarios as through the Lambda handlers.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogger } from '../../../shared/runtime/logger.ts';
import { StandaloneWorker } from '../../../shared/standalone/worker.ts';
import type { ApiCall } from '../../support/api-flow.ts';
import {
  type ControlPlaneRuntime,
  configChangeMovesRecords,
  resumeMovesRecordsAgain,
  taskRestartStartsFreshInvocation,
} from '../../support/control-plane.ts';
import { kafkaBootstrap } from '../../support/local.ts';
import { waitFor } from '../../support/wait.ts';

describe('the control plane reaches running task invocations (standalone)', () => {
  const log: string[] = [];
  let worker: StandaloneWorker;
  let running: Promise<unknown>;
  let runtime: ControlPlaneRuntime;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-control-standalone-'));
    worker = await StandaloneWorker.prepare(
      {
        'bootstrap.servers': kafkaBootstrap,
        'offset.storage.file.filename': path.join(dir, 'offsets.json'),
        listeners: 'http://127.0.0.1:0',
      },
      [],
      consoleLogger('info', (line) => log.push(line)),
    );
    running = worker.run();
    const url = await waitFor('the REST API', () => worker.restUrl);
    const call: ApiCall = async (method, urlPath, body) => {
      const response = await fetch(`${url}${urlPath}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    runtime = {
      call,
      dir,
      // Each invocation logs its start and its end: the number of starts names the one running.
      currentInvocation: async (name) => {
        const ofTask = log.filter((line) => line.includes(`connector=${name} task=0`));
        const started = ofTask.filter((line) => line.includes(' task started ')).length;
        const stopped = ofTask.filter((line) => line.includes(' task stopped ')).length;
        return started > stopped ? `invocation ${started}` : undefined;
      },
      committedOffset: async (name) => {
        const response = await call('GET', `/connectors/${name}/offsets`);
        return response.body?.offsets?.[0]?.offset?.kafka_offset;
      },
    };
  });

  afterAll(async () => {
    worker?.stop();
    await running;
  });

  it('PUT config with a new file: records produced a second after the PUT go to the new file, every record exactly once', async () => {
    await configChangeMovesRecords(runtime);
    expect(log.some((line) => line.includes('reason=reconfigured'))).toBe(true);
  });

  it('POST tasks/0/restart of a RUNNING task starts a fresh invocation', async () => {
    await taskRestartStartsFreshInvocation(runtime);
    expect(log.some((line) => line.includes('reason=restart'))).toBe(true);
  });

  it('PUT resume moves the records produced while paused', async () => {
    await resumeMovesRecordsAgain(runtime);
  });
});
