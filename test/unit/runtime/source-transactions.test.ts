// The exactly-once settings a source task derives from Kafka's keys: its transactional id and
// where its transactions end.
import { describe, expect, it } from 'vitest';
import {
  sourceTransactionalId,
  transactionBoundary,
} from '../../../shared/runtime/tasks/source-transactions.ts';

describe('exactly-once source settings', () => {
  it("names the transactional id as Kafka does: <group.id>-<connector>-<task>, with this project's default group", () => {
    expect(sourceTransactionalId({}, 'orders-cdc', 0)).toBe('serverless-connect-orders-cdc-0');
    expect(sourceTransactionalId({ 'group.id': 'connect-cluster' }, 'orders-cdc', 3)).toBe(
      'connect-cluster-orders-cdc-3',
    );
  });

  it('ends a transaction per poll by default, or per interval (unset: the offset flush interval)', () => {
    expect(transactionBoundary({}, 1000)).toEqual({ boundary: 'poll', intervalMs: 1000 });
    expect(transactionBoundary({ 'transaction.boundary': 'INTERVAL' }, 1000)).toEqual({
      boundary: 'interval',
      intervalMs: 1000,
    });
    expect(
      transactionBoundary(
        { 'transaction.boundary': 'interval', 'transaction.boundary.interval.ms': ' 250 ' },
        1000,
      ),
    ).toEqual({ boundary: 'interval', intervalMs: 250 });
    // Validation refuses 'connector' for connectors that cannot define boundaries (all of ours).
    expect(transactionBoundary({ 'transaction.boundary': 'connector' }, 1000).boundary).toBe('poll');
  });
});
