// A standalone worker in the test's process, with its REST API on a free port: the real worker,
// coordinator and task loop against the real broker, plus the recording sink (a multi-task sink that
// needs no outside system), so tests can watch partitions move between tasks.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../shared/runtime/logger.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../../shared/runtime/plugins/plugins.ts';
import { workerDefaults } from '../../shared/runtime/worker-config.ts';
import { StandaloneWorker, type TaskOutcome } from '../../shared/standalone/worker.ts';
import { kafkaBootstrap } from './local.ts';
import { recordingSinkPlugin } from './recording-sink.ts';
import { waitFor } from './wait.ts';

export interface InProcessWorker {
  readonly url: string;
  readonly token: string;
  /** fetch with the bearer token; JSON in and out. */
  call(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export async function startInProcessWorker(
  options: { token?: string; worker?: Record<string, string> } = {},
): Promise<InProcessWorker> {
  const token = options.token ?? 'console-test-token';
  const dir = await mkdtemp(path.join(tmpdir(), 'sc-console-'));
  const registry = new PluginRegistry([...builtinPlugins().all(), recordingSinkPlugin]);
  const worker = StandaloneWorker.prepare(
    {
      ...workerDefaults(),
      'bootstrap.servers': kafkaBootstrap,
      'offset.storage.file.filename': path.join(dir, 'offsets.json'),
      listeners: 'http://127.0.0.1:0',
      'rest.bearer.token': token,
      ...options.worker,
    },
    [],
    silentLogger,
    registry,
  );
  const standalone = await worker;
  const running: Promise<TaskOutcome[]> = standalone.run();
  const url = await waitFor('the REST API to listen', () => standalone.restUrl, 30_000);
  const call = async (method: string, urlPath: string, body?: unknown) => {
    const response = await fetch(`${url}${urlPath}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url,
    token,
    call,
    stop: async () => {
      standalone.stop();
      await running;
    },
  };
}
