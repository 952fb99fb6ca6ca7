// Section 4: what a million records cost on AWS Lambda (arm64) + DynamoDB on demand, next to
// MSK Connect sized for the same steady load. Measured inputs: CPU seconds per million records
// of both runtimes (from the throughput section). Everything else is a stated assumption, printed
// with the result, and the prices below carry their source and the date they were read.

/** us-east-1 list prices. */
export const prices = {
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second, arm64, first 7.5 billion GB-s per month',
    source: 'https://aws.amazon.com/lambda/pricing/',
    asOf: '2026-11-25 (unchanged since arm64 launched, Sept 2021)',
  },
  lambdaRequest: {
    usd: 0.2 / 1e6,
    unit: 'request',
    source: 'https://aws.amazon.com/lambda/pricing/',
    asOf: '2026-11-25',
  },
  dynamodbWriteRequestUnit: {
    usd: 0.625 / 1e6,
    unit: 'on-demand write request unit (1 KB; a conditional UpdateItem of a lease item)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asOf: '2026-11-25 (price since the cut of 1 Nov 2024)',
  },
  dynamodbReadRequestUnit: {
    usd: 0.125 / 1e6,
    unit: 'on-demand read request unit (strongly consistent read of up to 4 KB)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    asOf: '2026-11-25 (price since the cut of 1 Nov 2024)',
  },
  mskConnectMcuHour: {
    usd: 0.11,
    unit: 'MCU-hour (1 MCU = 1 vCPU + 4 GiB), billed while the connector runs, idle or not',
    source: 'https://aws.amazon.com/msk/pricing/ (MSK Connect)',
    asOf: '2026-11-25 (not re-read from the page in this run: confirm before quoting)',
  },
} as const;

/**
 * Lambda gives a function one vCPU-second of credit per second at 1,769 MB, and CPU in proportion
 * to memory (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). An MCU is
 * 1 vCPU + 4 GiB (https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-capacity.html).
 */
export const LAMBDA_MB_PER_VCPU = 1769;
export const HOURS_PER_MONTH = 730;

export interface CostInputs {
  /** Measured: CPU seconds serverless-connect spends per million records (one local core). */
  readonly oursCpuSecondsPerMillion: number;
  /**
   * Measured: seconds per million records the standalone process spent not on its own CPU (wall
   * time minus CPU time): waiting on the broker, the sink's fsync, or the machine's other work.
   * Billed on Lambda too, so the model reports a figure with it and a CPU-bound figure without.
   */
  readonly oursWaitSecondsPerMillion: number;
  /** Measured: the same for Apache Kafka Connect (JVM), same records, same chain. */
  readonly kafkaConnectCpuSecondsPerMillion: number;
  readonly lambdaMemoryMb: number;
  /** Time budget of one task invocation before it commits and re-invokes itself. */
  readonly invocationSeconds: number;
  /** Billed time per invocation that is not record work: init share, lease claim, final commit. */
  readonly overheadSecondsPerInvocation: number;
  /**
   * Records behind one conditional lease write (offset commit + renewal) of one partition. Absent:
   * as the runtime does, every held partition is written once per commit interval of busy time
   * (`offset.flush.interval.ms`) and once more at the end of each invocation.
   */
  readonly recordsPerLeaseWrite?: number;
  /**
   * A task holding several partitions commits them in one TransactWriteItems (2 WRU per item) and
   * reads them back with a strongly consistent BatchGetItem (1 RRU per item up to 4 KB): that is
   * how shared/aws/dynamodb-lease-store.ts commits. A lone partition costs 1 WRU and no read.
   */
  readonly writeUnitsPerLeaseWrite: number;
  readonly readUnitsPerLeaseWrite: number;
  readonly leaseWritesPerInvocation: number;
  readonly readUnitsPerInvocation: number;
  /** Coordinator: invocations per month, each's billed seconds and memory. */
  readonly coordinatorInvocationsPerMonth: number;
  readonly coordinatorSeconds: number;
  readonly coordinatorMemoryMb: number;
  readonly coordinatorReadUnits: number;
  readonly coordinatorWriteUnits: number;
  /**
   * A steady trickle never lets a task go idle, so its invocation runs (and bills) wall-clock
   * time, and its DynamoDB cost follows time, not records: one commit transaction per commit
   * interval over all its partitions, plus its lease-table polls.
   */
  readonly commitIntervalSeconds: number;
  readonly partitionsPerTask: number;
  readonly ownershipPollsPerSecond: number;
  /**
   * How a task listens for hand-overs and control signals (shared/runtime/tasks/lease-ownership.ts):
   * `every-poll` lists the connector's lease items at every poll (a strongly consistent Query, 1
   * RRU per 4 KB read); `generation` reads the connector's small generation item (an eventually
   * consistent GetItem, 0.5 RRU) and lists the leases only when it moved, or every
   * `listEverySeconds`.
   */
  readonly listening: 'every-poll' | 'generation';
  readonly listEverySeconds: number;
  /** Size of one lease item as DynamoDB counts it (names and values). */
  readonly leaseItemBytes: number;
  /** Steady load the MSK Connect connector is sized for. */
  readonly referenceRecordsPerSecond: number;
  /** MSK Connect's default autoscaling scales out above 80 % CPU: provision below that. */
  readonly mskTargetCpuUtilisation: number;
}

export function defaultCostInputs(measured: {
  oursCpuSecondsPerMillion: number;
  oursWaitSecondsPerMillion: number;
  kafkaConnectCpuSecondsPerMillion: number;
  lambdaMemoryMb: number;
  recordsPerLeaseWrite?: number;
  referenceRecordsPerSecond: number;
}): CostInputs {
  return {
    ...measured,
    writeUnitsPerLeaseWrite: 2,
    readUnitsPerLeaseWrite: 1,
    invocationSeconds: 60,
    overheadSecondsPerInvocation: 0.5,
    leaseWritesPerInvocation: 2,
    readUnitsPerInvocation: 1,
    coordinatorInvocationsPerMonth: 60 * 24 * 30,
    coordinatorSeconds: 0.5,
    coordinatorMemoryMb: 256,
    coordinatorReadUnits: 4,
    coordinatorWriteUnits: 1,
    mskTargetCpuUtilisation: 0.8,
    // The task function's offset.flush.interval.ms (functions/runtime-environment.ts).
    commitIntervalSeconds: 10,
    partitionsPerTask: 8,
    // Ownership refresh every 500 ms (shared/runtime/tasks/sink-task-runner.ts).
    ownershipPollsPerSecond: 2,
    listening: 'generation',
    // A third of the task function's lease time to live (30 s), as LeaseOwnership defaults to.
    listEverySeconds: 10,
    // A lease item with every attribute set: keys, topic, owner invocation id, eight numbers.
    leaseItemBytes: 300,
  };
}

/** Read units one task spends per second listening to its connector's leases. */
export function listeningReadUnitsPerSecond(inputs: CostInputs): number {
  // The task lists every lease of its connector; `partitionsPerTask` stands for them (one task).
  const listUnits = Math.max(1, Math.ceil((inputs.partitionsPerTask * inputs.leaseItemBytes) / 4096));
  if (inputs.listening === 'every-poll') return inputs.ownershipPollsPerSecond * listUnits;
  return inputs.ownershipPollsPerSecond * 0.5 + listUnits / inputs.listEverySeconds;
}

/** Dollars per million records at a steady rate, split the way the bench prints them. */
export interface PerMillion {
  /** Task and coordinator functions: compute and requests. */
  readonly lambdaUsd: number;
  readonly commitsUsd: number;
  readonly listeningUsd: number;
  /** The coordinator's DynamoDB requests. */
  readonly coordinatorUsd: number;
  readonly dynamodbUsd: number;
  readonly totalUsd: number;
}

export interface CostResult {
  readonly lambda: {
    readonly vcpuShare: number;
    readonly recordsPerSecondPerTask: number;
    readonly billedSecondsPerMillion: number;
    readonly invocationsPerMillion: number;
    readonly computeUsdPerMillion: number;
    readonly requestUsdPerMillion: number;
    readonly dynamodbUsdPerMillion: number;
    readonly usdPerMillion: number;
    /** The same with no waiting at all: only CPU time is billed (the lower bound). */
    readonly usdPerMillionCpuBound: number;
    readonly concurrentTasksAtReference: number;
    /** Coordinator and its DynamoDB reads: paid whether or not records flow. */
    readonly fixedUsdPerMonth: number;
    readonly usdPerMonthAtReference: number;
    /** The same load as a steady trickle: tasks alive all month, billed by the second. */
    readonly steadyTasks: number;
    readonly usdPerMonthSteady: number;
    /** Per million records at the steady reference rate (tasks alive while records arrive). */
    readonly perMillionSteady: PerMillion;
    /** The same figures had every poll listed the leases (the design before the generation item). */
    readonly everyPoll: { readonly dynamodbUsdPerMillion: number; readonly perMillionSteady: PerMillion };
    readonly listeningReadUnitsPerTaskSecond: number;
  };
  readonly mskConnect: {
    readonly recordsPerSecondPerVcpu: number;
    readonly mcus: number;
    readonly usdPerHour: number;
    readonly usdPerMillionAtReference: number;
    readonly usdPerMonth: number;
  };
  readonly assumptions: readonly string[];
}

interface LambdaBill {
  readonly billedSeconds: number;
  readonly invocations: number;
  readonly computeUsd: number;
  readonly requestUsd: number;
  readonly dynamodbUsd: number;
  readonly totalUsd: number;
}

/** Lease item writes per million records for a task busy `workSeconds` over `invocations`. */
function leaseWritesPerMillion(inputs: CostInputs, workSeconds: number, invocations: number): number {
  if (inputs.recordsPerLeaseWrite !== undefined) return 1e6 / inputs.recordsPerLeaseWrite;
  return (workSeconds / inputs.commitIntervalSeconds + invocations) * inputs.partitionsPerTask;
}

/** Lambda + DynamoDB charges for one million records that keep a task busy `workSeconds`. */
function lambdaBill(inputs: CostInputs, workSeconds: number): LambdaBill {
  const invocations = workSeconds / inputs.invocationSeconds;
  const billedSeconds = workSeconds + invocations * inputs.overheadSecondsPerInvocation;
  const computeUsd = billedSeconds * (inputs.lambdaMemoryMb / 1024) * prices.lambdaArmGbSecond.usd;
  const requestUsd = invocations * prices.lambdaRequest.usd;
  const leaseWrites = leaseWritesPerMillion(inputs, workSeconds, invocations);
  const writeUnits =
    leaseWrites * inputs.writeUnitsPerLeaseWrite + invocations * inputs.leaseWritesPerInvocation;
  const readUnits =
    leaseWrites * inputs.readUnitsPerLeaseWrite +
    invocations * inputs.readUnitsPerInvocation +
    billedSeconds * listeningReadUnitsPerSecond(inputs);
  const dynamodbUsd =
    writeUnits * prices.dynamodbWriteRequestUnit.usd + readUnits * prices.dynamodbReadRequestUnit.usd;
  return {
    billedSeconds,
    invocations,
    computeUsd,
    requestUsd,
    dynamodbUsd,
    totalUsd: computeUsd + requestUsd + dynamodbUsd,
  };
}

export function computeCost(inputs: CostInputs): CostResult {
  const vcpuShare = Math.min(1, inputs.lambdaMemoryMb / LAMBDA_MB_PER_VCPU);
  // With a backlog every fetch returns full batches: CPU time stretches by the vCPU share, and
  // the waits measured locally (broker, fsync) are added as they were.
  const cpuBound = lambdaBill(inputs, inputs.oursCpuSecondsPerMillion / vcpuShare);
  const bill = lambdaBill(
    inputs,
    inputs.oursCpuSecondsPerMillion / vcpuShare + inputs.oursWaitSecondsPerMillion,
  );
  const recordsPerSecondPerTask = 1e6 / bill.billedSeconds;
  const fixedUsdPerMonth =
    inputs.coordinatorInvocationsPerMonth *
    (inputs.coordinatorSeconds * (inputs.coordinatorMemoryMb / 1024) * prices.lambdaArmGbSecond.usd +
      prices.lambdaRequest.usd +
      inputs.coordinatorReadUnits * prices.dynamodbReadRequestUnit.usd +
      inputs.coordinatorWriteUnits * prices.dynamodbWriteRequestUnit.usd);
  const millionsPerMonth = (inputs.referenceRecordsPerSecond * 3600 * HOURS_PER_MONTH) / 1e6;

  const recordsPerSecondPerVcpu = 1e6 / inputs.kafkaConnectCpuSecondsPerMillion;
  const mcus = Math.max(
    1,
    Math.ceil(inputs.referenceRecordsPerSecond / (recordsPerSecondPerVcpu * inputs.mskTargetCpuUtilisation)),
  );
  const usdPerHour = mcus * prices.mskConnectMcuHour.usd;

  const concurrentTasksAtReference = inputs.referenceRecordsPerSecond / recordsPerSecondPerTask;
  const steadyTasks = Math.max(1, Math.ceil(concurrentTasksAtReference));
  const steady = steadyMonth(inputs, steadyTasks, fixedUsdPerMonth);
  const steadyUsdPerMonth = steady.totalUsd;
  const perMillionSteady = scaled(steady, 1 / millionsPerMonth);
  const everyPollInputs: CostInputs = { ...inputs, listening: 'every-poll' };
  const everyPoll = {
    dynamodbUsdPerMillion: lambdaBill(
      everyPollInputs,
      inputs.oursCpuSecondsPerMillion / vcpuShare + inputs.oursWaitSecondsPerMillion,
    ).dynamodbUsd,
    perMillionSteady: scaled(
      steadyMonth(everyPollInputs, steadyTasks, fixedUsdPerMonth),
      1 / millionsPerMonth,
    ),
  };
  const leaseWritesAssumption =
    inputs.recordsPerLeaseWrite === undefined
      ? `each held partition once per commit interval (${inputs.commitIntervalSeconds} s) of busy time and once at the end of each invocation, as the runtime commits`
      : `one per partition per committed batch of ${inputs.recordsPerLeaseWrite} records`;

  return {
    lambda: {
      vcpuShare,
      recordsPerSecondPerTask,
      billedSecondsPerMillion: bill.billedSeconds,
      invocationsPerMillion: bill.invocations,
      computeUsdPerMillion: bill.computeUsd,
      requestUsdPerMillion: bill.requestUsd,
      dynamodbUsdPerMillion: bill.dynamodbUsd,
      usdPerMillion: bill.totalUsd,
      usdPerMillionCpuBound: cpuBound.totalUsd,
      concurrentTasksAtReference,
      fixedUsdPerMonth,
      usdPerMonthAtReference: bill.totalUsd * millionsPerMonth + fixedUsdPerMonth,
      steadyTasks,
      usdPerMonthSteady: steadyUsdPerMonth,
      perMillionSteady,
      everyPoll,
      listeningReadUnitsPerTaskSecond: listeningReadUnitsPerSecond(inputs),
    },
    mskConnect: {
      recordsPerSecondPerVcpu,
      mcus,
      usdPerHour,
      usdPerMillionAtReference: usdPerHour / ((inputs.referenceRecordsPerSecond * 3600) / 1e6),
      usdPerMonth: usdPerHour * HOURS_PER_MONTH,
    },
    assumptions: [
      `Prices: us-east-1 list prices, no free tier, no savings plans (sources and dates in bench/cost-model.ts).`,
      `CPU time per record is the second half of each throughput run (warm JIT on both sides, as in a warm Lambda container or a long-running worker). One local CPU core of this machine = one Lambda arm64 vCPU = one MCU vCPU: the measured time carries over unchanged (not verified on Graviton).`,
      `Lambda ${inputs.lambdaMemoryMb} MB arm64 gets ${(vcpuShare * 100).toFixed(0)} % of a vCPU (${LAMBDA_MB_PER_VCPU} MB = 1 vCPU); a task's JavaScript runs on one thread, so memory above ${LAMBDA_MB_PER_VCPU} MB is not counted as extra speed.`,
      `While there is lag (full batches) a task's billed time = CPU time / vCPU share + the time the local run spent waiting (${inputs.oursWaitSecondsPerMillion.toFixed(1)} s per million: broker, fsync, other load); the CPU-bound figure leaves the waits out. The coordinator is assumed to invoke tasks only while there is lag (the design's lag-driven scaling); time spent polling a caught-up partition would be billed on top.`,
      `Each task invocation runs ${inputs.invocationSeconds} s and adds ${inputs.overheadSecondsPerInvocation} s of billed non-record time (init share, lease claim, final commit).`,
      `DynamoDB: conditional lease writes, ${leaseWritesAssumption}, at ${inputs.writeUnitsPerLeaseWrite} WRU + ${inputs.readUnitsPerLeaseWrite} RRU each (a transactional commit of a task's partitions and its consistent read-back; items < 1 KB), plus ${inputs.leaseWritesPerInvocation} WRU and ${inputs.readUnitsPerInvocation} RRU per invocation (claim/release, lease query).`,
      `Listening: each task polls ${inputs.ownershipPollsPerSecond} times a second; ${inputs.listening === 'generation' ? `it reads the connector's lease generation item (eventually consistent, 0.5 RRU) and lists its leases only when that moved or every ${inputs.listEverySeconds} s` : 'it lists its leases every poll'}: ${listeningReadUnitsPerSecond(inputs).toFixed(2)} RRU per task-second for ${inputs.partitionsPerTask} lease items of ${inputs.leaseItemBytes} B (listing every poll: ${listeningReadUnitsPerSecond(everyPollInputs).toFixed(2)}).`,
      `Steady trickle: below one task's capacity records never stop arriving, so ${steadyTasks} task invocation(s) stay alive all month and bill wall-clock time at ${inputs.lambdaMemoryMb} MB; DynamoDB then costs per commit (every ${inputs.commitIntervalSeconds} s, ${inputs.partitionsPerTask} partitions per task) and per poll, not per record.`,
      `Coordinator: ${inputs.coordinatorInvocationsPerMonth} invocations a month of ${inputs.coordinatorSeconds} s at ${inputs.coordinatorMemoryMb} MB, ${inputs.coordinatorReadUnits} RRU + ${inputs.coordinatorWriteUnits} WRU each: a fixed monthly cost.`,
      `MSK Connect: sized for a steady ${inputs.referenceRecordsPerSecond} records/s at ${(inputs.mskTargetCpuUtilisation * 100).toFixed(0)} % CPU (its default scale-out threshold), with the Kafka Connect throughput per core measured here; at least 1 MCU, billed ${HOURS_PER_MONTH} h a month whether records flow or not.`,
      `Not included on either side: Kafka (MSK) itself, data transfer, CloudWatch logs, NAT/VPC endpoints.`,
    ],
  };
}

/** A month of `tasks` task invocations alive all month, with the coordinator's fixed cost. */
function steadyMonth(inputs: CostInputs, tasks: number, coordinatorTotalUsd: number): PerMillion {
  const taskSeconds = tasks * HOURS_PER_MONTH * 3600;
  // The coordinator's own DynamoDB reads and writes; the rest of its bill is Lambda.
  const coordinatorUsd =
    inputs.coordinatorInvocationsPerMonth *
    (inputs.coordinatorReadUnits * prices.dynamodbReadRequestUnit.usd +
      inputs.coordinatorWriteUnits * prices.dynamodbWriteRequestUnit.usd);
  const lambdaUsd =
    taskSeconds * (inputs.lambdaMemoryMb / 1024) * prices.lambdaArmGbSecond.usd +
    (taskSeconds / inputs.invocationSeconds) * prices.lambdaRequest.usd +
    (coordinatorTotalUsd - coordinatorUsd);
  const leaseWrites = (taskSeconds / inputs.commitIntervalSeconds) * inputs.partitionsPerTask;
  const commitsUsd =
    leaseWrites *
    (inputs.writeUnitsPerLeaseWrite * prices.dynamodbWriteRequestUnit.usd +
      inputs.readUnitsPerLeaseWrite * prices.dynamodbReadRequestUnit.usd);
  const listeningUsd = taskSeconds * listeningReadUnitsPerSecond(inputs) * prices.dynamodbReadRequestUnit.usd;
  const dynamodbUsd = commitsUsd + listeningUsd + coordinatorUsd;
  return {
    lambdaUsd,
    commitsUsd,
    listeningUsd,
    coordinatorUsd,
    dynamodbUsd,
    totalUsd: lambdaUsd + dynamodbUsd,
  };
}

function scaled(p: PerMillion, factor: number): PerMillion {
  return {
    lambdaUsd: p.lambdaUsd * factor,
    commitsUsd: p.commitsUsd * factor,
    listeningUsd: p.listeningUsd * factor,
    coordinatorUsd: p.coordinatorUsd * factor,
    dynamodbUsd: p.dynamodbUsd * factor,
    totalUsd: p.totalUsd * factor,
  };
}
