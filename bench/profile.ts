// Section "profile": where serverless-connect standalone spends its CPU in the throughput run's
// pipeline. The same drain as section 1, with node's CPU profiler on (--cpu-prof); the samples of
// the second half of the drain (the warm steady state) are split into the task's stages.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../scripts/infra/settings.ts';
import type { Dataset } from './dataset.ts';
import { choosePipeline, pipelineSettings } from './pipeline-config.ts';
import { drain } from './sinks/drain.ts';
import { startServerlessConnect } from './sinks/serverless-connect.ts';
import { type CpuProfile, type StageName, stageBreakdown, stageNames } from './support/cpu-profile.ts';

export interface ProfileResult {
  readonly records: number;
  /** Process CPU (all threads, /proc) per million records in the second half. */
  readonly cpuSecondsPerMillion: number;
  /** Each stage's share of the main thread's busy samples in the second half (sums to 1). */
  readonly shares: Readonly<Record<StageName, number>>;
  /**
   * The process CPU per million records split by those shares. The samples are wall-clock ticks
   * of a busy main thread, which on a loaded machine include time the thread waited for a core,
   * so shares are what the profile can tell, and /proc says how much CPU they are shares of.
   */
  readonly stages: Readonly<Record<StageName, number>>;
  readonly sampleIntervalMicros: number;
  /** Where the profile was kept (git-ignored), for Chrome DevTools or speedscope. */
  readonly profileFile: string;
}

const SAMPLE_INTERVAL_MICROS = 500;

export async function runProfile(
  dataset: Dataset,
  bootstrap: string,
  dir: string,
  settings: { timeoutSeconds: number; heapMb: number; commitIntervalMs: number },
  log: (line: string) => void,
): Promise<ProfileResult> {
  const id = randomUUID().slice(0, 8);
  const profileDir = path.join(dir, `profile-${id}`);
  const outputFile = path.join(dir, `profile-${id}.out`);
  log(`profiling serverless-connect standalone on ${dataset.topic}`);
  const result = await drain(
    {
      process: await startServerlessConnect({
        dir,
        name: `bench-profile-${id}`,
        bootstrap,
        topic: dataset.topic,
        outputFile,
        connectorSettings: pipelineSettings(choosePipeline()),
        workerSettings: { 'offset.flush.interval.ms': String(settings.commitIntervalMs) },
        heapMb: settings.heapMb,
        nodeOptions: [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-interval=${SAMPLE_INTERVAL_MICROS}`,
        ],
      }),
      outputFile,
      expectedRecords: dataset.records,
      timeoutSeconds: settings.timeoutSeconds,
      stopSignal: 'SIGINT',
    },
    log,
  );
  // --cpu-prof writes one profile per thread, and standalone runs each task in a worker thread:
  // the task's thread is the one whose samples fall most in the task's stages.
  const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no CPU profile in ${profileDir}`);
  const profiles = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(profileDir, f), 'utf8')) as CpuProfile),
  );
  const taskWork = (p: CpuProfile) => {
    const { seconds, busySeconds } = stageBreakdown(p);
    return busySeconds - seconds['other (event loop, I/O, start-up)'] - seconds.GC;
  };
  let chosen = 0;
  for (let i = 1; i < profiles.length; i++)
    if (taskWork(profiles[i]!) > taskWork(profiles[chosen]!)) chosen = i;
  const profile = profiles[chosen]!;
  // The second half starts where the drain saw half the lines, counted from the process's start:
  // the first thread's profile starts with the process, a worker's profile later (same clock).
  const processStart = Math.min(...profiles.map((p) => p.startTime));
  const lateBy = (profile.startTime - processStart) / 1e6;
  const halfAt = result.wallSeconds - result.secondHalf.seconds;
  const breakdown = stageBreakdown(profile, halfAt - lateBy, result.wallSeconds - lateBy);
  const cpuSecondsPerMillion = result.secondHalf.cpuSeconds * (1e6 / result.secondHalf.records);
  const share = (s: StageName) => breakdown.seconds[s] / breakdown.busySeconds;
  const kept = path.join(projectRoot, 'bench', 'results', 'profile.cpuprofile');
  await mkdir(path.dirname(kept), { recursive: true });
  await copyFile(path.join(profileDir, files[chosen]!), kept);
  return {
    records: result.records,
    cpuSecondsPerMillion,
    shares: Object.fromEntries(stageNames.map((s) => [s, share(s)])) as Record<StageName, number>,
    stages: Object.fromEntries(stageNames.map((s) => [s, share(s) * cpuSecondsPerMillion])) as Record<
      StageName,
      number
    >,
    sampleIntervalMicros: SAMPLE_INTERVAL_MICROS,
    profileFile: path.relative(projectRoot, kept),
  };
}

export function profileMarkdown(p: ProfileResult): string[] {
  const f = (v: number) => v.toFixed(2);
  const pct = (v: number) => `${(100 * v).toFixed(0)} %`;
  return [
    '## Profile: where the CPU goes (serverless-connect, second half of the drain)',
    '',
    `node --cpu-prof (one sample every ${p.sampleIntervalMicros} µs) during the throughput section's drain of ${p.records.toLocaleString('en-US')} records; each sample of the task's thread counts for the innermost project stage on its stack, and the process's CPU time (/proc, all threads) is split by those shares. Profile kept in ${p.profileFile}.`,
    '',
    '| stage | share of the task thread samples | CPU s per million records |',
    '| ----- | -------------------------------: | ------------------------: |',
    ...stageNames.map((s) => `| ${s} | ${pct(p.shares[s])} | ${f(p.stages[s])} |`),
    `| **process total (/proc)** | | **${f(p.cpuSecondsPerMillion)}** |`,
    '',
  ];
}
