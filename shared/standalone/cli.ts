// serverless-connect standalone [worker.properties] connector.json [connector2.json ...]
// Same shape as Kafka's connect-standalone.sh, so existing worker and connector files work.
// serverless-connect console --endpoint <url>: the web console for a deployment (console-proxy.ts).
// Only light modules are imported up front: the engine (the Kafka client alone is some 400
// modules) is imported once the arguments are read, after the task threads have started loading
// it on other cores, so the two loads overlap instead of following each other.
import { readFile } from 'node:fs/promises';
import { enableCompileCache } from 'node:module';
import { parseArgs } from 'node:util';
import { VERSION } from '../api/version.ts';
import {
  type ConnectorDefinition,
  parseConnectorDefinition,
  parseProperties,
} from '../config/connector-file.ts';
import { consoleLogger, type LogLevel } from '../runtime/logger.ts';
import { LoggerLevels } from '../runtime/logger-levels.ts';
import { TaskThreads, taskThreads } from './threads/thread-invocation.ts';

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
  -v, --version                print the version

Usage: serverless-connect console --endpoint https://<api-id>.execute-api.<region>.amazonaws.com/prod

Serves the web console on http://127.0.0.1:8084/ui/ for a deployment behind API Gateway, and
forwards its API calls there signed (SigV4) with your AWS credentials (the SDK's default chain:
environment, profiles, SSO, instance role), like kubectl proxy.

Options:
  --endpoint <url>             the API's invoke URL with its stage
  --region <region>            default: from the endpoint's host name, else $AWS_REGION
  --port <port>                default 8084`;

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
      endpoint: { type: 'string' },
      region: { type: 'string' },
      port: { type: 'string' },
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
  if (command === 'console') return consoleCommand(values, consoleLogger(values['log-level'] as LogLevel));
  if (command !== 'standalone') {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const level = values['log-level'] as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    console.error(`--log-level must be one of debug, info, warn, error; got "${level}"`);
    return 2;
  }
  // The level can change while the worker runs (PUT /admin/loggers/root).
  const levels = new LoggerLevels(level);
  const logger = consoleLogger(() => levels.minimum());

  // Node's on-disk compile cache (in the system's temporary directory): the next start reuses the
  // engine's compiled, type-stripped code, as the task threads already do.
  enableCompileCache?.();
  const worker: Record<string, string> = {};
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

  const definitions: ConnectorDefinition[] = [];
  for (const file of connectorFiles) definitions.push(parseConnectorDefinition(await readText(file), file));

  // The threads of each connector's first task start loading the engine now; prepare() takes them.
  let prewarmed: TaskThreads | undefined;
  if (taskThreads(worker)) {
    prewarmed = new TaskThreads();
    prewarmed.prewarm(definitions.length);
  }
  const [{ workerDefaults }, { StandaloneWorker }] = await Promise.all([
    import('../runtime/worker-config.ts'),
    import('./worker.ts'),
  ]);
  const settings = { ...workerDefaults(), ...worker };
  if (definitions.length === 0 && !settings.listeners) {
    console.error(`no connector config given\n\n${USAGE}`);
    return 2;
  }
  const standalone = await StandaloneWorker.prepare(settings, definitions, logger, undefined, prewarmed);
  standalone.loggerLevels = levels;
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
    kafka: settings['bootstrap.servers'],
    offsets: settings['offset.storage.file.filename'],
  });
  const outcomes = await standalone.run();
  const failed = outcomes.filter((o) => o.error);
  for (const f of failed) logger.error(`connector ${f.connector} task ${f.task} failed: ${f.error!.message}`);
  return failed.length > 0 ? 1 : 0;
}

async function consoleCommand(
  values: { endpoint?: string | undefined; region?: string | undefined; port?: string | undefined },
  logger: ReturnType<typeof consoleLogger>,
): Promise<number> {
  if (!values.endpoint) {
    console.error(`console needs --endpoint\n\n${USAGE}`);
    return 2;
  }
  const port = values.port === undefined ? 8084 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, got "${values.port}"`);
    return 2;
  }
  const { startConsoleProxy } = await import('./console-proxy.ts');
  const proxy = await startConsoleProxy({
    endpoint: values.endpoint,
    port,
    logger,
    ...(values.region ? { region: values.region } : {}),
  });
  console.log(`Console: ${proxy.url}/ui/  (API calls go to ${values.endpoint}, signed for ${proxy.region})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await proxy.close();
  return 0;
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
