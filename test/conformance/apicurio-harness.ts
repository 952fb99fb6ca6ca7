// Runs Apicurio's Kafka Connect AvroConverter (java/ApicurioAvroHarness.java, compiled at test time
// against the apicurio-converter jar set) over a batch of cases, one JVM per batch.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classpath } from '../../scripts/infra/jars.ts';
import { parsePrecise } from './compare.ts';
import { compileJava, type JavaBenchResult, runJava } from './java-harness.ts';

const JAVA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'java');
const SOURCES = [path.join(JAVA, 'ApicurioAvroHarness.java'), path.join(JAVA, 'ConformanceHarness.java')];

export interface ApicurioCase {
  id: string;
  op: 'write' | 'read';
  topic: string;
  isKey: boolean;
  strategy: 'topic' | 'record' | 'topicRecord';
  data?: unknown;
  bytes?: string;
}

export interface ApicurioOutcome {
  id: string;
  ok?: { bytes?: string | null; schemaId?: unknown; roundTrip?: unknown; schema?: unknown; value?: unknown };
  error?: { class: string; message: string | null };
}

async function runHarness(
  input: string,
  args: readonly string[],
  jvmArgs: readonly string[],
): Promise<string> {
  const classes = await compileJava(SOURCES, 'apicurio-converter', 'ApicurioAvroHarness');
  const command = [
    '-Duser.timezone=UTC',
    ...jvmArgs,
    '-cp',
    `${classes}${path.delimiter}${classpath('apicurio-converter')}`,
    'ApicurioAvroHarness',
    ...args,
  ];
  return runJava('ApicurioAvroHarness', command, input);
}

/** Apicurio's outcome for every case, by id; `registryV2` is the registry's Apicurio v2 API. */
export async function runApicurio(
  cases: readonly ApicurioCase[],
  registryV2: string,
): Promise<Map<string, ApicurioOutcome>> {
  const stdout = await runHarness(
    `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`,
    [registryV2],
    ['-Xmx256m'],
  );
  const outcomes = new Map<string, ApicurioOutcome>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const outcome = parsePrecise(line) as ApicurioOutcome;
    outcomes.set(outcome.id, outcome);
  }
  return outcomes;
}

export interface ApicurioBenchJob {
  topic: string;
  stages: { class: string; config: Record<string, string> }[];
  /** Avro records in Confluent's wire format, base64. */
  records: string[];
  warmupSeconds: number;
  measureSeconds: number;
}

/** Records/s of Avro → Apicurio's AvroConverter → SMT chain → AvroConverter, on one JVM processor. */
export async function runApicurioBench(job: ApicurioBenchJob, registryV2: string): Promise<JavaBenchResult> {
  const stdout = await runHarness(
    JSON.stringify(job),
    [registryV2, 'bench'],
    ['-Xmx512m', '-XX:+UseSerialGC', '-XX:ActiveProcessorCount=1'],
  );
  return JSON.parse(stdout) as JavaBenchResult;
}
