import { describe, expect, it } from 'vitest';
import { DataError, RetriableError } from '../../../shared/api/errors.ts';
import type { SinkRecord } from '../../../shared/api/record.ts';
import type { KafkaRecord } from '../../../shared/kafka/types.ts';
import type { Logger } from '../../../shared/runtime/logger.ts';
import { retryDelay } from '../../../shared/runtime/tasks/errors/backoff.ts';
import { errorHandlingConfig } from '../../../shared/runtime/tasks/errors/error-handling-config.ts';
import {
  RetryWithTolerance,
  ToleranceExceededError,
} from '../../../shared/runtime/tasks/errors/record-error-handler.ts';
import { StageError } from '../../../shared/runtime/tasks/stage-error.ts';

const raw: KafkaRecord = {
  topic: 't',
  partition: 0,
  offset: 42,
  timestamp: 0,
  timestampType: 'CreateTime',
  key: Buffer.from('k'),
  value: Buffer.from('secret value'),
  headers: [],
};
const record = { topic: 't' } as unknown as SinkRecord;
const context = { connector: 'c', task: 0 };

function recordingLogger(): Logger & { lines: Array<[string, Record<string, unknown>]> } {
  const lines: Array<[string, Record<string, unknown>]> = [];
  const push = (message: string, fields?: Readonly<Record<string, unknown>>) =>
    lines.push([message, { ...fields }]);
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe('RetryWithTolerance', () => {
  it('retries a retriable failure with backoff until it succeeds within errors.retry.timeout', async () => {
    const handler = new RetryWithTolerance(
      errorHandlingConfig({ 'errors.retry.timeout': '5000', 'errors.retry.delay.max.ms': '10' }),
      undefined,
      recordingLogger(),
      context,
    );
    let calls = 0;
    const outcome = await handler.process(raw, () => {
      calls++;
      if (calls < 3) throw new StageError('TRANSFORMATION', 'X', new RetriableError('not yet'));
      return record;
    });
    expect(outcome).toEqual({ failed: false, record });
    expect(calls).toBe(3);
  });

  it('does not retry a non-retriable failure, and fails the task with tolerance none', async () => {
    const handler = new RetryWithTolerance(
      errorHandlingConfig({ 'errors.retry.timeout': '5000' }),
      undefined,
      recordingLogger(),
      context,
    );
    let calls = 0;
    const failing = handler.process(raw, () => {
      calls++;
      throw new StageError('VALUE_CONVERTER', 'Conv', new DataError('bad'));
    });
    await expect(failing).rejects.toBeInstanceOf(ToleranceExceededError);
    await expect(failing).rejects.toThrow('Tolerance exceeded in error handler');
    expect(calls).toBe(1);
  });

  it('skips and logs with tolerance all; record contents only with include.messages', async () => {
    for (const include of [false, true]) {
      const logger = recordingLogger();
      const handler = new RetryWithTolerance(
        errorHandlingConfig({
          'errors.tolerance': 'all',
          'errors.log.enable': 'true',
          'errors.log.include.messages': String(include),
        }),
        undefined,
        logger,
        context,
      );
      const outcome = await handler.process(raw, () => {
        throw new StageError('VALUE_CONVERTER', 'Conv', new DataError('bad'));
      });
      expect(outcome).toEqual({ failed: true, record: null });
      const [, fields] = logger.lines[0]!;
      expect(fields).toMatchObject({ stage: 'VALUE_CONVERTER', offset: 42 });
      expect('value' in fields).toBe(include);
    }
  });

  it('retries a put that throws RetriableError, but not other put failures', async () => {
    const handler = new RetryWithTolerance(
      errorHandlingConfig({ 'errors.retry.delay.max.ms': '5' }),
      undefined,
      recordingLogger(),
      context,
    );
    let puts = 0;
    await handler.retryPut(() => {
      puts++;
      if (puts < 3) throw new RetriableError('busy');
    });
    expect(puts).toBe(3);
    await expect(handler.retryPut(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
  });
});

describe('retryDelay', () => {
  it('starts at 300 ms, doubles, and is capped by the maximum and the time left', () => {
    expect([0, 1, 2, 3].map((a) => retryDelay(a, 60_000, 1e9))).toEqual([300, 600, 1200, 2400]);
    expect(retryDelay(10, 1000, 1e9)).toBe(1000);
    expect(retryDelay(3, 60_000, 50)).toBe(50);
  });
});
