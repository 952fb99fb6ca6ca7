// Turns the collected results into bench/results/latest.json and a markdown summary
// (bench/results/latest.md), the table the README's Performance section quotes.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AvroBenchResult } from './avro.ts';
import { type CdcResult, cdcMarkdown } from './cdc.ts';
import { type ColdStartResult, coldStartMarkdown } from './coldstart.ts';
import type { CostResult, PerMillion } from './cost-model.ts';
import type { DataplaneBenchResult } from './dataplane.ts';
import type { Dataset } from './dataset.ts';
import { type HandoverResult, handoverMarkdown } from './handover.ts';
import type { LatencyResult } from './latency.ts';
import { type MultiConnectorResult, multiConnectorMarkdown } from './multi-connector.ts';
import { type OpensearchBenchResult, opensearchMarkdown } from './opensearch.ts';
import { type PickupResult, pickupMarkdown } from './pickup.ts';
import { type ProfileResult, profileMarkdown } from './profile.ts';
import type { ReadPathResult } from './read-path.ts';
import { type S3BenchResult, s3Markdown } from './s3.ts';
import { stolenText } from './sinks/drain.ts';
import type { ThroughputResult } from './throughput.ts';

export interface Machine {
  readonly cpuModel: string;
  readonly cpus: number;
  /** Load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: readonly number[];
  readonly node: string;
  readonly java: string;
  readonly os: string;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly options: Record<string, unknown>;
  readonly dataset?: Dataset;
  readonly throughput?: ThroughputResult;
  readonly multiConnector?: MultiConnectorResult;
  readonly profile?: ProfileResult;
  readonly latency?: LatencyResult[];
  readonly readPath?: ReadPathResult;
  readonly cost?: { readonly inputs: Record<string, unknown>; readonly result: CostResult };
  readonly dataplane?: DataplaneBenchResult;
  readonly avro?: AvroBenchResult;
  readonly handover?: HandoverResult;
  readonly pickup?: PickupResult;
  readonly coldstart?: ColdStartResult;
  readonly cdc?: CdcResult;
  readonly s3?: S3BenchResult;
  readonly opensearch?: OpensearchBenchResult;
}

const n = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const mb = (bytes: number) => `${n(bytes / 1e6)} MB`;
const usd = (value: number) => (value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(2)}`);
/** Two significant digits below a tenth of a cent, where usd() would round the differences away. */
const fine = (value: number) => (value > 0 && value < 0.001 ? `$${value.toPrecision(2)}` : usd(value));
const ratio = (value: number) => `${n(value, 2)}×`;

function throughputSection(t: ThroughputResult, dataset: Dataset): string[] {
  const sc = t.serverlessConnect;
  const kc = t.kafkaConnect;
  const chain = t.pipeline.transforms.map((c) => c.split('.').pop()).join(' → ') || 'none';
  return [
    '## Throughput: file sink, same records, same pipeline',
    '',
    `${n(dataset.records)} records of ~${dataset.recordBytes} bytes of JSON (${mb(dataset.valueBytes)}), ${dataset.partitions} partitions; ` +
      `value converter ${t.pipeline.valueConverter.split('.').pop()}, SMTs: ${chain}.`,
    ...(t.pipeline.missing.length > 0
      ? [
          '',
          `**Degraded run**: not yet in serverless-connect, so left out on both sides: ${t.pipeline.missing.join('; ')}.`,
        ]
      : []),
    '',
    '| | serverless-connect standalone | Apache Kafka Connect standalone | ratio (ours ÷ theirs) |',
    '|---|--:|--:|--:|',
    `| records/s (start to last record) | ${n(sc.recordsPerSecond)} | ${n(kc.recordsPerSecond)} | ${ratio(t.ratio.recordsPerSecond)} |`,
    `| MB/s (record values) | ${n(sc.megabytesPerSecond, 1)} | ${n(kc.megabytesPerSecond, 1)} | |`,
    `| CPU seconds per million records | ${n(sc.cpuSecondsPerMillion, 1)} | ${n(kc.cpuSecondsPerMillion, 1)} | ${ratio(t.ratio.cpuSecondsPerMillion)} |`,
    `| second half only: records/s | ${n(sc.secondHalfRecordsPerSecond)} | ${n(kc.secondHalfRecordsPerSecond)} | ${ratio(t.ratio.secondHalfRecordsPerSecond)} |`,
    `| second half only: CPU seconds per million | ${n(sc.secondHalfCpuSecondsPerMillion, 1)} | ${n(kc.secondHalfCpuSecondsPerMillion, 1)} | ${ratio(t.ratio.secondHalfCpuSecondsPerMillion)} |`,
    `| cores busy on average | ${n(sc.coresUsed, 2)} | ${n(kc.coresUsed, 2)} | |`,
    `| CPU s the host stole from the machine (all cores): whole drain · second half | ${stolenText(sc)} | ${stolenText(kc)} | |`,
    `| peak RSS | ${mb(sc.peakRssBytes)} | ${mb(kc.peakRssBytes)} | ${ratio(t.ratio.peakRss)} |`,
    `| start to first record written | ${n(sc.firstRecordSeconds, 1)} s | ${n(kc.firstRecordSeconds, 1)} s | |`,
    `| records in the output file | ${n(sc.records)} | ${n(kc.records)} | |`,
    '',
  ];
}

function latencySection(results: readonly LatencyResult[]): string[] {
  const first = results[0];
  if (!first) return [];
  return [
    '## End-to-end latency: file sink, steady load',
    '',
    `${n(first.produced)} records at ${n(first.targetRate)} records/s for ${first.seconds} s, 8 partitions, StringConverter; ` +
      "produce call → line readable in the sink's file (one clock, in the bench process).",
    '',
    '| sink | offset.flush.interval.ms | p50 | p90 | p99 | max | received | achieved rate |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...results.map(
      (l) =>
        `| ${l.sink} | ${l.commitIntervalMs} | ${n(l.p50Ms, 1)} ms | ${n(l.p90Ms, 1)} ms | ${n(l.p99Ms, 1)} ms | ${n(l.maxMs, 1)} ms | ${n(l.received)} of ${n(l.produced)} | ${n(l.achievedRate)}/s |`,
    ),
    '',
  ];
}

function readPathSection(r: ReadPathResult): string[] {
  const cp = r.consumerPerformance;
  return [
    '## Kafka read path (no conversion, no sink)',
    '',
    '| reader | records/s | MB/s | CPU s per million | first records after |',
    '|---|--:|--:|--:|--:|',
    ...r.readers.map(
      (x) =>
        `| ${x.reader} | ${n(x.recordsPerSecond)} | ${n(x.megabytesPerSecond, 1)} | ${n(x.cpuSecondsPerMillion, 1)} | ${x.firstFetchMs === null ? 'n/a' : `${n(x.firstFetchMs)} ms`} |`,
    ),
    `| ${cp.reader} | ${n(cp.recordsPerSecond)} (fetch only: ${n(cp.fetchRecordsPerSecond)}) | ${n(cp.megabytesPerSecond, 1)} | ${n(cp.cpuSecondsPerMillion, 1)} (JVM start-up included) | group join ${n(cp.groupJoinMs)} ms |`,
    '',
  ];
}

function costSection(cost: NonNullable<BenchResults['cost']>, referenceRate: number): string[] {
  const l = cost.result.lambda;
  const m = cost.result.mskConnect;
  return [
    '## Cost model (us-east-1)',
    '',
    '| | serverless-connect on Lambda arm64 + DynamoDB | MSK Connect |',
    '|---|--:|--:|',
    `| per million records in bursts (tasks run only while there is lag) | ${usd(l.usdPerMillion)} (Lambda ${usd(l.computeUsdPerMillion + l.requestUsdPerMillion)}, DynamoDB ${fine(l.dynamodbUsdPerMillion)}; listing leases every poll: ${fine(l.everyPoll.dynamodbUsdPerMillion)}); CPU-bound: ${usd(l.usdPerMillionCpuBound)} | ${usd(m.usdPerMillionAtReference)} at ${n(referenceRate)} records/s |`,
    `| per million records at a steady ${n(referenceRate)} records/s | ${perMillionCell(l.perMillionSteady)}; listing leases every poll: DynamoDB ${fine(l.everyPoll.perMillionSteady.dynamodbUsd)} (${share(l.everyPoll.perMillionSteady)}), listening ${fine(l.everyPoll.perMillionSteady.listeningUsd)} | ${usd(m.usdPerMillionAtReference)} |`,
    `| a month at ${n(referenceRate)} records/s in bursts (tasks run only while there is lag) | ${usd(l.usdPerMonthAtReference)} (${n(l.concurrentTasksAtReference, 1)} tasks busy) | ${usd(m.usdPerMonth)} (${m.mcus} MCU) |`,
    `| a month at a steady ${n(referenceRate)} records/s (tasks never idle: wall-clock billing) | ${usd(l.usdPerMonthSteady)} (${l.steadyTasks} task${l.steadyTasks === 1 ? '' : 's'} always on) | ${usd(m.usdPerMonth)} (${m.mcus} MCU) |`,
    `| a month with no records | ${usd(l.fixedUsdPerMonth)} (coordinator) | ${usd(m.usdPerMonth)} |`,
    `| records/s per unit | ${n(l.recordsPerSecondPerTask)} per task (${n(l.vcpuShare * 100)} % vCPU) | ${n(m.recordsPerSecondPerVcpu)} per vCPU |`,
    '',
    'Assumptions:',
    '',
    ...cost.result.assumptions.map((a) => `- ${a}`),
    '',
  ];
}

/** One per-million split: the total, Lambda, and DynamoDB by what it pays for, with its share. */
function perMillionCell(p: PerMillion): string {
  return `${usd(p.totalUsd)} (Lambda ${usd(p.lambdaUsd)}, DynamoDB ${fine(p.dynamodbUsd)} = ${share(p)}: commits ${fine(p.commitsUsd)}, listening ${fine(p.listeningUsd)}, coordinator ${fine(p.coordinatorUsd)})`;
}

function share(p: PerMillion): string {
  return `${n((p.dynamodbUsd / p.totalUsd) * 100, 1)} %`;
}

function dataplaneSection(d: DataplaneBenchResult): string[] {
  return [
    '## Data plane: converters and SMTs alone, per core (bench/dataplane.ts)',
    '',
    `JSON records → JsonConverter → ${d.smts.join(' → ')} → JsonConverter, in two modes: with the schema ` +
      `envelope (schemas.enable=true, ~${n(d.recordBytes)} B records) and plain JSON (schemas.enable=false, ` +
      `~${n(d.plain.recordBytes)} B); ${d.seconds} s per side after warm-up, single-threaded; Kafka Connect's own classes on the JVM.`,
    '',
    '| | serverless-connect | Apache Kafka Connect | ratio |',
    '|---|--:|--:|--:|',
    `| schema envelope: records per CPU-second | ${n(d.ours)} | ${n(d.java)} | ${ratio(d.ratio)} |`,
    `| schema envelope: records per wall-clock second | ${n(d.wall.ours)} | ${n(d.wall.java)} | |`,
    `| plain JSON: records per CPU-second | ${n(d.plain.ours)} | ${n(d.plain.java)} | ${ratio(d.plain.ratio)} |`,
    `| plain JSON: records per wall-clock second | ${n(d.plain.wall.ours)} | ${n(d.plain.wall.java)} | |`,
    '',
  ];
}

function avroSection(a: AvroBenchResult): string[] {
  return [
    '## Avro through the schema registry, per core (bench/avro.ts)',
    '',
    `~${n(a.recordBytes)} B Avro records in Confluent's wire format → AvroConverter → the data-plane chain → AvroConverter, ` +
      `${a.seconds} s per side after warm-up with warm registry caches (${a.registryRequestsMeasured} registry calls while measuring); ` +
      "Apicurio's AvroConverter and Kafka's SMTs on the JVM.",
    '',
    '| | serverless-connect | Apicurio AvroConverter (JVM) | ratio |',
    '|---|--:|--:|--:|',
    `| records per CPU-second | ${n(a.ours)} | ${n(a.java)} | ${ratio(a.ratio)} |`,
    `| records per wall-clock second | ${n(a.wall.ours)} | ${n(a.wall.java)} | |`,
    '',
  ];
}

export function markdown(results: BenchResults): string {
  const m = results.machine;
  const lines = [
    '# serverless-connect benchmark',
    '',
    `Run ${results.startedAt} → ${results.finishedAt} on ${m.cpus} × ${m.cpuModel} (${m.os}), Node ${m.node}, ${m.java}; ` +
      `load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(' / ')}. One local Kafka broker.`,
    '',
  ];
  if (results.throughput && results.dataset)
    lines.push(...throughputSection(results.throughput, results.dataset));
  if (results.multiConnector) lines.push(...multiConnectorMarkdown(results.multiConnector));
  if (results.profile) lines.push(...profileMarkdown(results.profile));
  if (results.latency) lines.push(...latencySection(results.latency));
  if (results.readPath) lines.push(...readPathSection(results.readPath));
  if (results.cost)
    lines.push(...costSection(results.cost, Number(results.cost.inputs.referenceRecordsPerSecond)));
  if (results.dataplane) lines.push(...dataplaneSection(results.dataplane));
  if (results.cdc) lines.push(...cdcMarkdown(results.cdc));
  if (results.avro) lines.push(...avroSection(results.avro));
  if (results.handover) {
    lines.push(
      '## Rebalancing: lease handover and DynamoDB requests (bench/handover.ts)',
      '',
      `${results.handover.partitions} partitions, concurrency ${results.handover.steps.join(' → ')} while ~2,000 records/s arrive; ` +
        'handover = from the concurrency change until the new owner claimed the partition; requests counted at the DynamoDB client (all stores).',
      '',
      handoverMarkdown(results.handover),
      '',
    );
  }
  if (results.pickup) {
    lines.push(
      '## Responsiveness: sparse traffic and config changes (bench/pickup.ts)',
      '',
      'Through the Lambda handlers on DynamoDB Local, the schedule played every minute; pickup = from the produce call until the line is in the file, records spread over the schedule minute.',
      '',
      pickupMarkdown(results.pickup),
      '',
    );
  }
  if (results.coldstart) {
    lines.push(
      '## Cold start of the task function (bench/coldstart.ts)',
      '',
      'The bundle the CDK app synthesizes, loaded in a fresh Node process per trial with the environment the template gives the function (NODE_OPTIONS included), on DynamoDB Local and the local broker.',
      '',
      coldStartMarkdown(results.coldstart),
      '',
    );
  }
  if (results.s3) {
    lines.push(
      '## S3 sink into LocalStack S3 (bench/s3.ts)',
      '',
      `${results.s3.records.toLocaleString('en-US')} JSON records (~200 bytes) on ${results.s3.partitions} partitions; ` +
        "CPU is this process only (LocalStack runs in its own); the plain uploader writes the connector's objects again, three at a time.",
      '',
      s3Markdown(results.s3),
      '',
    );
  }
  if (results.opensearch) {
    lines.push(
      '## Elasticsearch/OpenSearch sink against a plain _bulk loader (bench/opensearch.ts)',
      '',
      ...opensearchMarkdown(results.opensearch),
      '',
    );
  }
  return lines.join('\n');
}

export async function writeResults(
  results: BenchResults,
  dir: string,
): Promise<{ json: string; md: string }> {
  await mkdir(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  await writeFile(json, JSON.stringify(results, null, 2) + '\n');
  await writeFile(md, markdown(results));
  return { json, md };
}
