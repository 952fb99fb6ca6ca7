// The steps both Lambda flow tests (handlers from source, and the CDK bundles) take through the
// REST API: call it as API Gateway would, create a file sink connector, wait for its records and
// for a RUNNING task.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { apiEvent } from './lambda-environment.ts';
import { waitFor } from './wait.ts';

export interface ApiResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: REST bodies are read field by field in assertions.
  readonly body: any;
}

export type ApiCall = (method: string, urlPath: string, body?: unknown) => Promise<ApiResponse>;

/** Calls an API Gateway handler with a REST proxy event and parses its JSON answer. */
export function apiCaller(handler: (event: unknown, context: never) => Promise<unknown>): ApiCall {
  return async (method, urlPath, body) => {
    const response = (await handler(apiEvent(method, urlPath, body), {
      functionName: 'api',
      awsRequestId: 'local',
    } as never)) as { statusCode: number; body: string };
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };
}

/** Creates a FileStreamSink connector through the API and waits until `records` lines reached `file`. */
export async function fileSinkThroughApi(
  call: ApiCall,
  options: { name: string; topic: string; file: string; records: number },
): Promise<string[]> {
  const created = await call('POST', '/connectors', {
    name: options.name,
    config: {
      'connector.class': 'FileStreamSink',
      topics: options.topic,
      file: options.file,
      'tasks.max': '1',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
  });
  expect(created.status).toBe(201);
  const lines = () =>
    existsSync(options.file) ? readFileSync(options.file, 'utf8').split('\n').filter(Boolean) : [];
  await waitFor(
    `${options.records} lines in the sink file`,
    () => (lines().length >= options.records ? true : undefined),
    120_000,
    200,
  );
  return lines();
}

/** Waits for the connector's first task to report RUNNING; returns the status response. */
export function runningStatus(call: ApiCall, name: string): Promise<ApiResponse> {
  return waitFor('a RUNNING task in the status', async () => {
    const response = await call('GET', `/connectors/${name}/status`);
    return response.body?.tasks?.[0]?.state === 'RUNNING' ? response : undefined;
  });
}
