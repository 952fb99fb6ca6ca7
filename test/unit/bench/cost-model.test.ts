import { describe, expect, it } from 'vitest';
import {
  computeCost,
  defaultCostInputs,
  LAMBDA_MB_PER_VCPU,
  listeningReadUnitsPerSecond,
  prices,
} from '../../../bench/cost-model.ts';

const measured = {
  oursCpuSecondsPerMillion: 20,
  oursWaitSecondsPerMillion: 0,
  kafkaConnectCpuSecondsPerMillion: 100,
  lambdaMemoryMb: 1024,
  recordsPerLeaseWrite: 2000,
  referenceRecordsPerSecond: 5000,
};

describe('cost model', () => {
  it('bills CPU time stretched by the vCPU share that the memory setting buys', () => {
    const { lambda } = computeCost({ ...defaultCostInputs(measured), overheadSecondsPerInvocation: 0 });
    const share = 1024 / LAMBDA_MB_PER_VCPU;
    expect(lambda.vcpuShare).toBeCloseTo(share, 10);
    expect(lambda.billedSecondsPerMillion).toBeCloseTo(20 / share, 10);
    expect(lambda.computeUsdPerMillion).toBeCloseTo((20 / share) * 1 * prices.lambdaArmGbSecond.usd, 12);
    expect(lambda.invocationsPerMillion).toBeCloseTo(20 / share / 60, 10);
  });

  it('adds the measured waits to the billed time, and keeps the CPU-bound figure beside it', () => {
    const inputs = { ...defaultCostInputs(measured), overheadSecondsPerInvocation: 0 };
    const waiting = computeCost({ ...inputs, oursWaitSecondsPerMillion: 10 }).lambda;
    const share = 1024 / LAMBDA_MB_PER_VCPU;
    expect(waiting.billedSecondsPerMillion).toBeCloseTo(20 / share + 10, 10);
    expect(waiting.usdPerMillionCpuBound).toBeCloseTo(computeCost(inputs).lambda.usdPerMillion, 12);
    expect(waiting.usdPerMillion).toBeGreaterThan(waiting.usdPerMillionCpuBound);
  });

  it('bills a steady trickle by wall-clock time, with DynamoDB per commit and poll rather than per record', () => {
    const inputs = defaultCostInputs(measured);
    const { lambda } = computeCost(inputs);
    expect(lambda.steadyTasks).toBe(1);
    const seconds = 730 * 3600;
    const compute = seconds * prices.lambdaArmGbSecond.usd;
    const commits = seconds / inputs.commitIntervalSeconds;
    const dynamodb =
      commits * inputs.partitionsPerTask * 2 * prices.dynamodbWriteRequestUnit.usd +
      commits * inputs.partitionsPerTask * prices.dynamodbReadRequestUnit.usd +
      seconds * listeningReadUnitsPerSecond(inputs) * prices.dynamodbReadRequestUnit.usd;
    const requests = (seconds / 60) * prices.lambdaRequest.usd;
    expect(lambda.usdPerMonthSteady).toBeCloseTo(compute + dynamodb + requests + lambda.fixedUsdPerMonth, 6);
    // Always at least the bursty figure: a task that never idles costs more than one that exits.
    expect(lambda.usdPerMonthSteady).toBeGreaterThan(lambda.usdPerMonthAtReference);
  });

  it('never counts more than one vCPU for a single task', () => {
    const { lambda } = computeCost(defaultCostInputs({ ...measured, lambdaMemoryMb: 4096 }));
    expect(lambda.vcpuShare).toBe(1);
  });

  it('charges the request units of each lease write, a million records over records per write', () => {
    const inputs = {
      ...defaultCostInputs(measured),
      leaseWritesPerInvocation: 0,
      readUnitsPerInvocation: 0,
      ownershipPollsPerSecond: 0,
      listEverySeconds: Number.POSITIVE_INFINITY,
    };
    const { lambda } = computeCost(inputs);
    // 1,000,000 / 2,000 = 500 lease writes of 2 WRU + 1 RRU each.
    expect(lambda.dynamodbUsdPerMillion).toBeCloseTo(
      500 * (2 * prices.dynamodbWriteRequestUnit.usd + prices.dynamodbReadRequestUnit.usd),
      12,
    );
    const single = computeCost({ ...inputs, writeUnitsPerLeaseWrite: 1, readUnitsPerLeaseWrite: 0 });
    expect(single.lambda.dynamodbUsdPerMillion).toBeCloseTo(500 * prices.dynamodbWriteRequestUnit.usd, 12);
  });

  it('without a records-per-write figure, writes each partition once per commit interval and at the end of each invocation', () => {
    const { recordsPerLeaseWrite: _, ...cadence } = measured;
    const inputs = {
      ...defaultCostInputs(cadence),
      overheadSecondsPerInvocation: 0,
      leaseWritesPerInvocation: 0,
      readUnitsPerInvocation: 0,
      ownershipPollsPerSecond: 0,
      listEverySeconds: Number.POSITIVE_INFINITY,
    };
    const { lambda } = computeCost(inputs);
    const busy = 20 / (1024 / LAMBDA_MB_PER_VCPU);
    const writes = (busy / inputs.commitIntervalSeconds + busy / inputs.invocationSeconds) * 8;
    expect(lambda.dynamodbUsdPerMillion).toBeCloseTo(
      writes * (2 * prices.dynamodbWriteRequestUnit.usd + prices.dynamodbReadRequestUnit.usd),
      12,
    );
  });

  it('listening through the generation item reads less than listing the leases every poll, more so with more partitions', () => {
    const inputs = defaultCostInputs(measured);
    // 8 lease items of 300 B fit one 4 KB read unit: 2 polls a second of 1 RRU, against 2 × 0.5 RRU
    // plus one listing every 10 s.
    expect(listeningReadUnitsPerSecond({ ...inputs, listening: 'every-poll' })).toBe(2);
    expect(listeningReadUnitsPerSecond(inputs)).toBeCloseTo(1.1, 12);
    const wide = { ...inputs, partitionsPerTask: 64 };
    expect(listeningReadUnitsPerSecond({ ...wide, listening: 'every-poll' })).toBe(10);
    expect(listeningReadUnitsPerSecond(wide)).toBeCloseTo(1.5, 12);
    const { lambda } = computeCost(inputs);
    expect(lambda.perMillionSteady.listeningUsd).toBeLessThan(lambda.everyPoll.perMillionSteady.listeningUsd);
    expect(lambda.dynamodbUsdPerMillion).toBeLessThan(lambda.everyPoll.dynamodbUsdPerMillion);
  });

  it('at a steady 5,000 records/s, DynamoDB is at most half of the cost per million records', () => {
    const { recordsPerLeaseWrite: _, ...cadence } = measured;
    const { lambda } = computeCost(defaultCostInputs({ ...cadence, oursCpuSecondsPerMillion: 11.1 }));
    const steady = lambda.perMillionSteady;
    expect(steady.totalUsd).toBeCloseTo(lambda.usdPerMonthSteady / ((5000 * 3600 * 730) / 1e6), 12);
    expect(steady.dynamodbUsd).toBeCloseTo(
      steady.commitsUsd + steady.listeningUsd + steady.coordinatorUsd,
      15,
    );
    expect(steady.dynamodbUsd).toBeLessThanOrEqual(steady.totalUsd / 2);
    expect(lambda.dynamodbUsdPerMillion).toBeLessThanOrEqual(lambda.usdPerMillion / 2);
  });

  it('sizes MSK Connect in whole MCUs below the scale-out threshold, at least one', () => {
    // 100 CPU s per million → 10,000 records/s per vCPU; at 80 %, 8,000 per MCU.
    expect(computeCost(defaultCostInputs(measured)).mskConnect.mcus).toBe(1);
    const busy = computeCost(defaultCostInputs({ ...measured, referenceRecordsPerSecond: 20_000 }));
    expect(busy.mskConnect.mcus).toBe(3);
    expect(busy.mskConnect.usdPerMonth).toBeCloseTo(3 * prices.mskConnectMcuHour.usd * 730, 10);
  });

  it('states its assumptions with the inputs used', () => {
    const { assumptions } = computeCost(defaultCostInputs(measured));
    expect(assumptions.join('\n')).toContain('1024 MB');
    expect(assumptions.join('\n')).toContain('2000 records');
  });
});
