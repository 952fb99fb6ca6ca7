// serverless-connect standalone, run the way users run it: the CLI as its own process, with a
// worker.properties and a connector JSON file.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../scripts/infra/settings.ts';
import { BenchProcess } from '../support/child.ts';

export const cliPath = path.join(projectRoot, 'shared', 'standalone', 'cli.ts');

export interface StandaloneRun {
  readonly dir: string;
  readonly name: string;
  readonly bootstrap: string;
  readonly topic: string;
  readonly outputFile: string;
  readonly connectorSettings: Readonly<Record<string, string>>;
  readonly workerSettings: Readonly<Record<string, string>>;
  /** V8's old-space ceiling, the counterpart of the JVM's -Xmx; Node's own default when absent. */
  readonly heapMb?: number;
  /** More options for node itself (a CPU profile). */
  readonly nodeOptions?: readonly string[];
  /** More file-sink connectors in the same worker, each with its own topic and file (same settings). */
  readonly moreConnectors?: readonly ExtraConnector[];
}

export interface ExtraConnector {
  readonly name: string;
  readonly topic: string;
  readonly outputFile: string;
}

export async function startServerlessConnect(run: StandaloneRun): Promise<BenchProcess> {
  const worker = path.join(run.dir, `${run.name}.worker.properties`);
  const offsets = path.join(run.dir, `${run.name}.offsets.json`);
  await writeFile(
    worker,
    Object.entries({ 'bootstrap.servers': run.bootstrap, ...run.workerSettings })
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  const connectors: string[] = [];
  for (const each of [
    { name: run.name, topic: run.topic, outputFile: run.outputFile },
    ...(run.moreConnectors ?? []),
  ]) {
    const connector = path.join(run.dir, `${each.name}.connector.json`);
    await writeFile(
      connector,
      JSON.stringify(
        {
          name: each.name,
          config: {
            'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
            'tasks.max': '1',
            topics: each.topic,
            file: each.outputFile,
            ...run.connectorSettings,
          },
        },
        null,
        2,
      ),
    );
    connectors.push(connector);
  }
  return new BenchProcess(
    'serverless-connect',
    process.execPath,
    [
      ...(run.heapMb ? [`--max-old-space-size=${run.heapMb}`] : []),
      ...(run.nodeOptions ?? []),
      cliPath,
      'standalone',
      worker,
      ...connectors,
      '--offsets-file',
      offsets,
      '--log-level',
      'warn',
    ],
    path.join(run.dir, `${run.name}.log`),
    projectRoot,
  );
}
