import { describe, expect, it } from 'vitest';
import { computeCost, defaultCostInputs } from '../../../bench/cost-model.ts';
import { type BenchResults, markdown } from '../../../bench/report.ts';
import type { SinkFigures } from '../../../bench/throughput.ts';

function sink(recordsPerSecond: number, cpuSecondsPerMillion: number): SinkFigures {
  return {
    records: 1000,
    wallSeconds: 1000 / recordsPerSecond,
    firstRecordSeconds: 1,
    cpuSeconds: cpuSecondsPerMillion / 1000,
    secondHalf: { seconds: 1, cpuSeconds: 1, records: 500, stolenSeconds: 0.25 },
    stolenSeconds: 1.5,
    peakRssBytes: 100e6,
    outputBytes: 1,
    firstLine: '{}',
    exit: { code: 0, signal: null },
    recordsPerSecond,
    megabytesPerSecond: 1,
    cpuSecondsPerMillion,
    coresUsed: 0.5,
    secondHalfRecordsPerSecond: recordsPerSecond,
    secondHalfCpuSecondsPerMillion: cpuSecondsPerMillion,
  };
}

const inputs = defaultCostInputs({
  oursCpuSecondsPerMillion: 10,
  oursWaitSecondsPerMillion: 0,
  kafkaConnectCpuSecondsPerMillion: 20,
  lambdaMemoryMb: 1024,
  recordsPerLeaseWrite: 2000,
  referenceRecordsPerSecond: 5000,
});

const results: BenchResults = {
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:05:00Z',
  machine: {
    cpuModel: 'cpu',
    cpus: 2,
    loadAverage: [0.5, 0.5, 0.5],
    node: 'v24',
    java: 'java 17',
    os: 'linux',
  },
  options: {},
  dataset: {
    topic: 't',
    records: 1000,
    partitions: 8,
    recordBytes: 500,
    valueBytes: 500_000,
    reused: true,
    fillSeconds: null,
  },
  throughput: {
    pipeline: {
      valueConverter: 'org.apache.kafka.connect.json.JsonConverter',
      transforms: [],
      missing: ['X'],
    },
    serverlessConnect: sink(30_000, 10),
    kafkaConnect: sink(20_000, 20),
    ratio: {
      recordsPerSecond: 1.5,
      cpuSecondsPerMillion: 0.5,
      secondHalfRecordsPerSecond: 1.5,
      secondHalfCpuSecondsPerMillion: 0.5,
      peakRss: 1,
    },
  },
  cost: { inputs: { ...inputs }, result: computeCost(inputs) },
};

describe('the markdown report', () => {
  it('puts both sinks side by side with the ratio, and flags a degraded run', () => {
    const text = markdown(results);
    expect(text).toContain('| records/s (start to last record) | 30,000 | 20,000 | 1.50× |');
    expect(text).toContain('| CPU seconds per million records | 10.0 | 20.0 | 0.50× |');
    expect(text).toContain('**Degraded run**');
    expect(text).toContain('load average at start 0.50 / 0.50 / 0.50');
    expect(text).toContain(
      '| CPU s the host stole from the machine (all cores): whole drain · second half | 1.5 · 0.3 | 1.5 · 0.3 | |',
    );
  });

  it('prints the cost assumptions with the result', () => {
    const text = markdown(results);
    expect(text).toContain('## Cost model (us-east-1)');
    for (const assumption of computeCost(inputs).assumptions) expect(text).toContain(assumption);
  });

  it('gives the data plane in both modes, the envelope and plain JSON, each with its ratio', () => {
    const mode = (ours: number, java: number, recordBytes: number) => ({
      ours,
      java,
      ratio: ours / java,
      wall: { ours, java },
      recordBytes,
      outputBytes: recordBytes,
    });
    const text = markdown({
      ...results,
      dataplane: {
        ...mode(66_000, 60_000, 2079),
        smts: ['Cast$Value'],
        seconds: 5,
        plain: mode(90_000, 120_000, 1034),
      },
    });
    expect(text).toContain('| schema envelope: records per CPU-second | 66,000 | 60,000 | 1.10× |');
    expect(text).toContain('| plain JSON: records per CPU-second | 90,000 | 120,000 | 0.75× |');
    expect(text).toContain('~1,034 B');
  });

  it('leaves out the sections that did not run', () => {
    const text = markdown({ ...results, throughput: undefined, cost: undefined });
    expect(text).not.toContain('## Throughput');
    expect(text).not.toContain('## Cost model');
  });
});
