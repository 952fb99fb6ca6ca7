// serverless-connect standalone [worker.properties] connector.json [connector2.json ...]
// Same shape as Kafka's connect-standalone.sh, so existing worker and connector files work.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { VERSION } from '../api/version.ts';
import {
  type ConnectorDefinition,
  parseConnectorDefinition,
  parseProperties,
} from '../config/connector-file.ts';
import { consoleLogger, type LogLevel } from '../runtime/logger.ts';
import { workerDefaults } from '../runtime/worker-config.ts';
import { StandaloneWorker } from './worker.ts';

const USAGE = `Usage: serverless-connect standalone [worker.properties] connector.(json|properties) [more connectors...]

Runs sink connectors in this process, reading Kafka partitions directly and committing offsets to
a local file only after the sink has flushed. Connectors come from the files given and from the
Kafka Connect REST API (http://127.0.0.1:8083 by default). Stop with Ctrl-C: the current batch is
flushed and committed first.

Options:
  --worker <file>              worker settings (connect-standalone.properties format)
  --bootstrap-servers <list>   Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)
  --offsets-file <file>        where committed offsets are kept
  --kafka-client <name>        platformatic (default) or kafkajs
  --rest-port <port|off>       Kafka Connect REST API on 127.0.0.1 (default 8083; worker key: listeners)
  --log-level <level>          debug, info (default), warn or error
  -h, --help                   show this help
  -v, --version                print the version`;

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** A .properties file without connector.class, given first, is the worker config (as in Kafka). */
function looksLikeWorkerConfig(file: string, text: string): boolean {
  return file.endsWith('.properties') && !('connector.class' in parseProperties(text));
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      worker: { type: 'string' },
      'bootstrap-servers': { type: 'string' },
      'offsets-file': { type: 'string' },
      'kafka-client': { type: 'string' },
      'rest-port': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    console.log(VERSION);
    return 0;
  }
  const [command, ...files] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (command !== 'standalone') {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const level = values['log-level'] as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    console.error(`--log-level must be one of debug, info, warn, error; got "${level}"`);
    return 2;
  }
  const logger = consoleLogger(level);

  const worker: Record<string, string> = workerDefaults();
  const connectorFiles = [...files];
  let workerFile = values.worker;
  if (workerFile === undefined && connectorFiles.length > 1) {
    const first = connectorFiles[0]!;
    if (looksLikeWorkerConfig(first, await readText(first))) workerFile = connectorFiles.shift();
  }
  if (workerFile !== undefined) Object.assign(worker, parseProperties(await readText(workerFile)));
  if (values['bootstrap-servers']) worker['bootstrap.servers'] = values['bootstrap-servers'];
  if (values['offsets-file']) worker['offset.storage.file.filename'] = values['offsets-file'];
  if (values['kafka-client']) worker['kafka.client'] = values['kafka-client'];
  if (values['rest-port'] !== undefined)
    worker.listeners = values['rest-port'] === 'off' ? '' : `http://127.0.0.1:${values['rest-port']}`;
  if (connectorFiles.length === 0 && !worker.listeners) {
    console.error(`no connector config given\n\n${USAGE}`);
    return 2;
  }

  const definitions: ConnectorDefinition[] = [];
  for (const file of connectorFiles) definitions.push(parseConnectorDefinition(await readText(file), file));

  const standalone = await StandaloneWorker.prepare(worker, definitions, logger);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn(`second ${signal}: exiting without a final commit`);
      process.exit(130);
    }
    logger.info(`${signal} received: finishing the current batch, flushing and committing`);
    standalone.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  logger.info('standalone worker started', {
    connectors: definitions.map((d) => d.name).join(','),
    kafka: worker['bootstrap.servers'],
    offsets: worker['offset.storage.file.filename'],
  });
  const outcomes = await standalone.run();
  const failed = outcomes.filter((o) => o.error);
  for (const f of failed) logger.error(`connector ${f.connector} task ${f.task} failed: ${f.error!.message}`);
  return failed.length > 0 ? 1 : 0;
}

// Run when executed directly (npm start / the bin), not when imported by tests.
if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
