// Runs Apicurio's Kafka Connect AvroConverter (java/ApicurioAvroHarness.java, compiled at test time
// against the apicurio-converter jar set) over a batch of cases, one JVM per batch.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classpath } from '../../scripts/infra/jars.ts';
import { javaBinary } from '../../scripts/infra/java.ts';
import { parsePrecise } from './compare.ts';
import { compileJava } from './java-harness.ts';

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

/** Apicurio's outcome for every case, by id; `registryV2` is the registry's Apicurio v2 API. */
export async function runApicurio(
  cases: readonly ApicurioCase[],
  registryV2: string,
): Promise<Map<string, ApicurioOutcome>> {
  const classes = await compileJava(SOURCES, 'apicurio-converter', 'ApicurioAvroHarness');
  const args = [
    '-Duser.timezone=UTC',
    '-Xmx256m',
    '-cp',
    `${classes}${path.delimiter}${classpath('apicurio-converter')}`,
    'ApicurioAvroHarness',
    registryV2,
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(javaBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`ApicurioAvroHarness exited with ${code}:\n${Buffer.concat(err)}`));
    });
    child.stdin.end(cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });
  const outcomes = new Map<string, ApicurioOutcome>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const outcome = parsePrecise(line) as ApicurioOutcome;
    outcomes.set(outcome.id, outcome);
  }
  return outcomes;
}
