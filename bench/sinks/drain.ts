// Runs one sink process until its output file holds every record of the topic, and measures it
// from outside: wall time, CPU time of its process tree (/proc), peak resident memory (VmHWM).
import { open, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchProcess } from '../support/child.ts';
import { LineCounter } from '../support/line-files.ts';
import { stolenCpuSeconds, UsageSampler } from '../support/proc-stats.ts';

export interface DrainResult {
  readonly records: number;
  /** Process start until the last record's line was in the file (start-up included). */
  readonly wallSeconds: number;
  /** Process start until the first line: start-up, first fetch and first write. */
  readonly firstRecordSeconds: number;
  readonly cpuSeconds: number;
  /**
   * The second half of the records alone: start-up, connection and (for the JVM) most JIT
   * warm-up are behind, so this is closer to a long-running worker's steady state.
   */
  readonly secondHalf: {
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly records: number;
    /** CPU seconds the host stole from this machine (all cores) in the second half; null off Linux. */
    readonly stolenSeconds: number | null;
  };
  /** CPU seconds the host stole from this machine (all cores) during the drain; null off Linux. */
  readonly stolenSeconds: number | null;
  readonly peakRssBytes: number;
  readonly outputBytes: number;
  /** The first line written, kept so a reader can see the chain did its work on both sides. */
  readonly firstLine: string;
  readonly exit: { code: number | null; signal: string | null };
}

/** Stolen seconds between two readings (null when either is unknown). */
function stolenBetween(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : end - start;
}

/** "whole · second half" stolen seconds of a drain, for the reports ("n/a" off Linux). */
export function stolenText(drain: {
  readonly stolenSeconds: number | null;
  readonly secondHalf: { readonly stolenSeconds: number | null };
}): string {
  const text = (seconds: number | null) => (seconds === null ? 'n/a' : seconds.toFixed(1));
  return `${text(drain.stolenSeconds)} · ${text(drain.secondHalf.stolenSeconds)}`;
}

export interface DrainRun {
  readonly process: BenchProcess;
  readonly outputFile: string;
  /** Files of more connectors in the same process; expectedRecords counts the lines of all. */
  readonly moreOutputFiles?: readonly string[];
  readonly expectedRecords: number;
  readonly timeoutSeconds: number;
  /** How users stop it: SIGINT for serverless-connect, SIGTERM for Kafka Connect's scripts. */
  readonly stopSignal: NodeJS.Signals;
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return buffer.toString('utf8', 0, bytesRead).split('\n')[0] ?? '';
  } finally {
    await handle.close();
  }
}

export async function drain(run: DrainRun, log: (line: string) => void): Promise<DrainResult> {
  const { process: child, outputFile, expectedRecords } = run;
  const outputFiles = [outputFile, ...(run.moreOutputFiles ?? [])];
  const startedAt = performance.now();
  const stolenAtStart = stolenCpuSeconds();
  const sampler = new UsageSampler(child.pid);
  const counters = outputFiles.map((file) => new LineCounter(file));
  const counter = {
    poll: () => counters.reduce((sum, c) => sum + c.poll(), 0),
    get bytes() {
      return counters.reduce((sum, c) => sum + c.bytes, 0);
    },
    close: () => {
      for (const c of counters) c.close();
    },
  };
  let firstAt: number | undefined;
  let half: { at: number; cpuSeconds: number; lines: number; stolen: number | null } | undefined;
  let lastReport = startedAt;
  try {
    for (;;) {
      const lines = counter.poll();
      const now = performance.now();
      if (lines > 0 && firstAt === undefined) firstAt = now;
      if (lines >= expectedRecords) break;
      if (half === undefined && lines >= expectedRecords / 2) {
        half = { at: now, cpuSeconds: sampler.sample().cpuSeconds, lines, stolen: stolenCpuSeconds() };
      }
      child.assertAlive();
      if (now - startedAt > run.timeoutSeconds * 1000) {
        throw new Error(
          `${child.name}: ${lines} of ${expectedRecords} records after ${run.timeoutSeconds} s; end of ${child.logFile}:\n${child.logTail()}`,
        );
      }
      if (now - lastReport > 15_000) {
        lastReport = now;
        log(`  ${child.name}: ${lines.toLocaleString('en-US')} records so far`);
      }
      await sleep(100);
    }
    const doneAt = performance.now();
    // Read before the stop signal: shutting down is not part of the work being measured.
    const usage = sampler.sample();
    const stolenAtEnd = stolenCpuSeconds();
    const exit = await child.stop(run.stopSignal);
    sampler.stop();
    // Anything written after the last record would be a duplicate: neither side may win that way.
    const finalLines = counter.poll();
    if (finalLines !== expectedRecords) {
      throw new Error(`${child.name} wrote ${finalLines} lines for ${expectedRecords} records`);
    }
    return {
      records: finalLines,
      wallSeconds: (doneAt - startedAt) / 1000,
      firstRecordSeconds: ((firstAt ?? doneAt) - startedAt) / 1000,
      cpuSeconds: usage.cpuSeconds,
      secondHalf: {
        seconds: (doneAt - (half?.at ?? startedAt)) / 1000,
        cpuSeconds: usage.cpuSeconds - (half?.cpuSeconds ?? 0),
        records: expectedRecords - (half?.lines ?? 0),
        stolenSeconds: stolenBetween(half?.stolen ?? stolenAtStart, stolenAtEnd),
      },
      stolenSeconds: stolenBetween(stolenAtStart, stolenAtEnd),
      peakRssBytes: usage.peakRssBytes,
      outputBytes: counter.bytes,
      firstLine: await firstLine(outputFile),
      exit: { code: exit.code, signal: exit.signal },
    };
  } finally {
    sampler.stop();
    counter.close();
    if (!child.hasExited) await child.stop('SIGKILL', 5000);
    // Each output is hundreds of MB; only the count matters once it is known.
    for (const file of outputFiles) await rm(file, { force: true });
  }
}
