// Compiles ConformanceHarness.java against Kafka Connect's own jars (once per source version, into
// the git-ignored infra folder) and runs it: batch mode over a whole corpus in one JVM, or bench mode.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { classpath, fetchJars, type JarSet } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { infraDir } from '../../scripts/infra/settings.ts';
import type { CaseOutcome, ConformanceCase } from './case.ts';
import { parsePrecise } from './compare.ts';

const run = promisify(execFile);
const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'java', 'ConformanceHarness.java');

function javacBinary(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'javac') : 'javac';
}

/** The folder holding the compiled harness, compiling it when its source changed. */
export function compileHarness(): Promise<string> {
  return compileJava([SOURCE], 'connect', 'ConformanceHarness');
}

/**
 * Compiles `sources` against a jar set into a folder named by their hash (git-ignored, under the
 * infra folder), once per source version; returns that folder.
 */
export async function compileJava(
  sources: readonly string[],
  jars: JarSet,
  mainClass: string,
): Promise<string> {
  await fetchJars(jars);
  const hash = createHash('sha256');
  for (const source of sources) hash.update(await readFile(source));
  const target = path.join(infraDir, 'conformance', `${jars}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(path.join(target, `${mainClass}.class`))) return target;
  const scratch = `${target}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await run(javacBinary(), ['--release', '17', '-nowarn', '-cp', classpath(jars), '-d', scratch, ...sources]);
  await rm(target, { recursive: true, force: true });
  await rename(scratch, target);
  return target;
}

/**
 * Runs the harness with `input` on stdin and returns its stdout. `jars` picks the classes it runs
 * against: Kafka Connect's own, or the Debezium set (Kafka Connect of the same version, plus
 * Debezium's SMTs) for Debezium's transformations.
 */
async function runHarness(
  mode: 'batch' | 'bench',
  input: string,
  jvmArgs: string[] = [],
  jars: JarSet = 'connect',
): Promise<string> {
  const classes = await compileHarness();
  await fetchJars(jars);
  const args = [
    '-Duser.timezone=UTC',
    '-Dlog4j2.level=OFF',
    ...jvmArgs,
    '-cp',
    `${classes}${path.delimiter}${classpath(jars)}`,
    'ConformanceHarness',
    mode,
  ];
  return runJava(`ConformanceHarness ${mode}`, args, input);
}

/** Runs `java args` with `input` on stdin; resolves with stdout, rejects with stderr. */
export function runJava(name: string, args: readonly string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(javaBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${name} exited with ${code}:\n${Buffer.concat(err)}`));
    });
    child.stdin.end(input);
  });
}

/** Kafka's outcome for every case, by case id. */
export async function runKafkaCases(
  cases: readonly ConformanceCase[],
  jars: JarSet = 'connect',
): Promise<Map<string, CaseOutcome>> {
  const stdout = await runHarness(
    'batch',
    cases.map((c) => JSON.stringify(c)).join('\n') + '\n',
    ['-Xmx256m'],
    jars,
  );
  const outcomes = new Map<string, CaseOutcome>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const outcome = parsePrecise(line) as CaseOutcome;
    outcomes.set(outcome.id, outcome);
  }
  return outcomes;
}

export interface JavaBenchResult {
  records: number;
  recordsPerSecond: number;
  /** Records per second of process CPU time (work only, not time spent waiting for a core). */
  recordsPerCpuSecond: number;
  bytesOut: number;
}

export async function runKafkaBench(job: unknown): Promise<JavaBenchResult> {
  // One core, as a Lambda-sized comparison: a single-threaded loop plus one GC thread.
  const stdout = await runHarness('bench', JSON.stringify(job), [
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:ActiveProcessorCount=1',
  ]);
  return JSON.parse(stdout) as JavaBenchResult;
}
