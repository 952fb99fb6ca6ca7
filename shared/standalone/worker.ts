// Standalone mode: one process runs sink connectors end to end, with the same Coordinator and task
// invocations as the distributed deployment; only the adapters differ (leases in memory, persisted
// to the offsets file; tasks as async loops). Everything is validated first (configs, plugins,
// topics), and only then is any state written, so a bad config leaves no trace.
import type { TaskConfig } from '../api/connector.ts';
import { ConfigError } from '../api/errors.ts';
import { awsConfigProviderFactories } from '../aws/config-providers.ts';
import type { ConnectorDefinition } from '../config/connector-file.ts';
import { resolveConfigReferences } from '../config/providers/resolve.ts';
import {
  builtinConfigProviderFactories,
  configProvidersFromWorkerConfig,
} from '../config/providers/worker-providers.ts';
import {
  invalidConfigMessage,
  validateConnectorConfig,
  withConnectorChecks,
} from '../config/validate-connector.ts';
import { createAdmin, type KafkaAdmin } from '../kafka/index.ts';
import { MemoryLeaseStore } from '../leases/memory-lease-store.ts';
import { MemoryCoordinatorState } from '../runtime/coordination/coordinator-state.ts';
import { InProcessCoordinatorTrigger } from '../runtime/coordination/coordinator-trigger.ts';
import { selectedPartitions, topicSelection } from '../runtime/coordination/topic-partitions.ts';
import { LocalRuntime } from '../runtime/local-runtime.ts';
import type { Logger } from '../runtime/logger.ts';
import type { LoggerLevels } from '../runtime/logger-levels.ts';
import {
  ConnectorService,
  type ConnectorServiceDependencies,
} from '../runtime/management/connector-service.ts';
import { builtinPlugins } from '../runtime/plugins/builtin-plugins.ts';
import type { PluginRegistry } from '../runtime/plugins/plugins.ts';
import type { ConfigStore } from '../runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../runtime/stores/memory-status-store.ts';
import { createSinkPipeline } from '../runtime/tasks/sink-pipeline-factory.ts';
import { createSourcePipeline } from '../runtime/tasks/source-pipeline.ts';
import { createTransformer } from '../runtime/tasks/transformer-factory.ts';
import {
  exactlyOnceSourceEnabled,
  kafkaClient,
  kafkaConnection,
  runnerSettings,
  type WorkerConfig,
} from '../runtime/worker-config.ts';
import { JsonSnapshotFile } from './json-snapshot-file.ts';
import { standaloneKafkaClients } from './kafka-clients.ts';
import { OffsetsFile } from './offsets-file.ts';
import { type RestServer, startRestServer } from './rest-server.ts';
import { TaskThreads, taskThreads } from './threads/thread-invocation.ts';

interface PreparedConnector {
  readonly definition: ConnectorDefinition;
  readonly taskConfigs: TaskConfig[];
}

export interface TaskOutcome {
  readonly connector: string;
  readonly task: number;
  readonly error?: Error;
}

/** Leases live only in this process, so they can be short: a crash restarts the whole process. */
const LEASE_TTL_MS = 10_000;
const RECONCILE_INTERVAL_MS = 1000;

export class StandaloneWorker {
  readonly #worker: WorkerConfig;
  readonly #logger: Logger;
  readonly #registry: PluginRegistry;
  readonly #admin: KafkaAdmin;
  readonly #prepared: PreparedConnector[];
  /** Runs task invocations in threads (task.threads); undefined: in this thread. */
  readonly #threads: TaskThreads | undefined;
  #stopRequested = false;
  #runtime: LocalRuntime | undefined;
  /** Where the REST API listens, once run() started it. */
  restUrl: string | undefined;
  /** The log levels /admin/loggers reads and changes (the CLI's logger follows them). */
  loggerLevels: LoggerLevels | undefined;

  private constructor(
    worker: WorkerConfig,
    logger: Logger,
    registry: PluginRegistry,
    admin: KafkaAdmin,
    prepared: PreparedConnector[],
    threads: TaskThreads | undefined,
  ) {
    this.#worker = worker;
    this.#logger = logger;
    this.#registry = registry;
    this.#admin = admin;
    this.#prepared = prepared;
    this.#threads = threads;
  }

  /** Validates every connector against its plugin and the cluster; throws a ConfigError naming each problem. */
  static async prepare(
    worker: WorkerConfig,
    definitions: readonly ConnectorDefinition[],
    logger: Logger,
    registry: PluginRegistry = builtinPlugins(),
    prewarmed?: TaskThreads,
  ): Promise<StandaloneWorker> {
    // A thread builds its plugins from the built-in set; plugins handed in as objects (tests')
    // exist only in this thread, so their tasks run here. The threads of each connector's first
    // task load the engine now, while this thread validates and connects (the CLI starts them
    // even earlier, before this thread loads the engine, and hands them in).
    const wanted = taskThreads(worker) && registry === builtinPlugins();
    if (!wanted) await prewarmed?.close();
    const threads = wanted ? (prewarmed ?? new TaskThreads()) : undefined;
    if (threads !== prewarmed) threads?.prewarm(definitions.length);
    try {
      return await StandaloneWorker.#prepare(worker, definitions, logger, registry, threads);
    } catch (error) {
      await threads?.close();
      throw error;
    }
  }

  static async #prepare(
    worker: WorkerConfig,
    definitions: readonly ConnectorDefinition[],
    logger: Logger,
    registry: PluginRegistry,
    threads: TaskThreads | undefined,
  ): Promise<StandaloneWorker> {
    const names = new Set<string>();
    for (const definition of definitions) {
      if (names.has(definition.name)) throw new ConfigError(`Connector ${definition.name} already exists`);
      names.add(definition.name);
      // As Kafka's standalone worker, the connector's own checks too (can its system be reached).
      const validation = await withConnectorChecks(
        validateConnectorConfig(definition.config, registry, {
          exactlyOnceSourceEnabled: exactlyOnceSourceEnabled(worker),
        }),
        definition.config,
      );
      if (validation.errorCount > 0)
        throw new ConfigError(`${definition.name}: ${invalidConfigMessage(validation)}`);
      // Building the pipeline once checks converter and SMT configs the way tasks will use them.
      const transformer = createTransformer(definition.config, registry);
      if (validation.plugin?.type === 'source')
        createSourcePipeline(definition.config, worker, registry, transformer).close();
      else createSinkPipeline(definition.config, worker, registry, transformer);
      runnerSettings(worker, definition.config);
    }
    kafkaClient(worker);
    const admin = createAdmin(kafkaConnection(worker));
    try {
      const prepared: PreparedConnector[] = [];
      for (const definition of definitions) {
        const plugin = registry.find(definition.config['connector.class']!, 'sink', 'source')!;
        if (plugin.type === 'sink') await selectedPartitions(admin, topicSelection(definition.config), true);
        const connector = plugin.create();
        await connector.start(definition.config);
        const tasksMax = Number(definition.config['tasks.max'] ?? 1);
        const taskConfigs = connector.taskConfigs(tasksMax).slice(0, tasksMax);
        await connector.stop();
        prepared.push({ definition, taskConfigs });
      }
      return new StandaloneWorker(worker, logger, registry, admin, prepared, threads);
    } catch (error) {
      await admin.close();
      throw error;
    }
  }

  /**
   * Runs the connectors until stop(), or until every task has failed (nothing could restart them);
   * resolves with each task's last outcome.
   */
  async run(): Promise<TaskOutcome[]> {
    try {
      return await this.#run(this.#threads);
    } finally {
      // Threads prewarmed and never used end here.
      await this.#threads?.close();
    }
  }

  async #run(threads: TaskThreads | undefined): Promise<TaskOutcome[]> {
    const worker = this.#worker;
    const logger = this.#logger;
    // Connectors created through the REST API survive a restart, next to the offsets; the files
    // on the command line are the truth for the connectors they name.
    const configs: ConfigStore = await MemoryConfigStore.open(
      new JsonSnapshotFile(connectorsFileFor(worker['offset.storage.file.filename']!)),
    );
    const now = Date.now();
    for (const { definition, taskConfigs } of this.#prepared) {
      const stored = await configs.get(definition.name);
      if (stored)
        await configs.update(
          definition.name,
          stored.version,
          { config: definition.config, taskConfigs },
          now,
        );
      else
        await configs.create(
          { name: definition.name, config: definition.config, taskConfigs, targetState: 'RUNNING' },
          now,
        );
    }
    const offsetsFile = new OffsetsFile(worker['offset.storage.file.filename']!);
    const statuses = await MemoryStatusStore.open();
    // ${provider:path:key} references stay in the stored config; tasks resolve them when they start.
    const providers = configProvidersFromWorkerConfig(worker, {
      ...builtinConfigProviderFactories,
      ...awsConfigProviderFactories,
    });
    const resolveConfig = (config: Readonly<Record<string, string>>) =>
      resolveConfigReferences(config, providers);
    const coordinatorState = new MemoryCoordinatorState();
    const runtime = new LocalRuntime({
      configs,
      leases: new MemoryLeaseStore(offsetsFile.leasePersistence()),
      state: coordinatorState,
      statuses,
      registry: this.#registry,
      worker,
      kafka: standaloneKafkaClients(worker),
      admin: this.#admin,
      logger,
      workerId: `standalone/${process.pid}`,
      leaseTtlMs: LEASE_TTL_MS,
      reconcileIntervalMs: RECONCILE_INTERVAL_MS,
      task: { resolveConfig },
      ...(threads ? { runInvocation: (request, deps) => threads.run(request, deps) } : {}),
      // Without a REST API nothing could restart a failed task, so the process ends instead.
      afterReconcile: () => (this.restUrl === undefined ? this.#everyTaskFailed(statuses) : false),
    });
    this.#runtime = runtime;
    if (this.#stopRequested) void runtime.stop();
    // The REST API shares the runtime's stores; a change wakes the coordinator at once.
    const rest = await this.#startRest({
      configs,
      statuses,
      leases: runtime.leases,
      coordinatorState,
      trigger: new InProcessCoordinatorTrigger(() => runtime.reconcileSoon()),
      plugins: this.#registry,
      resolveConfig,
      kafkaClusterId: () => this.#admin.clusterId(),
      workerId: `standalone/${process.pid}`,
      exactlyOnceSourceEnabled: exactlyOnceSourceEnabled(worker),
      ...(this.loggerLevels ? { loggerLevels: this.loggerLevels } : {}),
    });
    try {
      await runtime.run();
    } finally {
      await rest?.close();
      await this.#admin.close();
    }
    const outcomes: TaskOutcome[] = [];
    for (const { definition, taskConfigs } of this.#prepared) {
      const tasks = await statuses.taskStatuses(definition.name);
      for (let task = 0; task < taskConfigs.length; task++) {
        const status = tasks.find((s) => s.task === task);
        outcomes.push(
          status?.state === 'FAILED'
            ? { connector: definition.name, task, error: new Error(firstLine(status.trace)) }
            : { connector: definition.name, task },
        );
      }
    }
    return outcomes;
  }

  async #startRest(deps: ConnectorServiceDependencies): Promise<RestServer | undefined> {
    const listener = restListener(this.#worker);
    if (!listener) return undefined;
    const server = await startRestServer({
      service: new ConnectorService(deps),
      host: listener.host,
      port: listener.port,
      ...(this.#worker['rest.bearer.token'] ? { token: this.#worker['rest.bearer.token'] } : {}),
      logger: this.#logger,
    });
    // startRestServer logs the listening line itself.
    this.restUrl = server.url;
    return server;
  }

  /** True when no task of any connector runs and at least one failed: only a restart could help. */
  async #everyTaskFailed(statuses: MemoryStatusStore): Promise<boolean> {
    for (const { definition } of this.#prepared) {
      const tasks = await statuses.taskStatuses(definition.name);
      if (!tasks.some((s) => s.state === 'FAILED') || tasks.some((s) => s.state === 'RUNNING')) return false;
    }
    return this.#prepared.length > 0;
  }

  /** Asks every task to finish its batch, flush, commit and stop. */
  stop(): void {
    this.#stopRequested = true;
    void this.#runtime?.stop();
  }
}

/** Where standalone keeps connector configs: beside the offsets file. */
export function connectorsFileFor(offsetsFile: string): string {
  return offsetsFile.replace(/(\.json)?$/, '.connectors.json');
}

/** Kafka's `listeners` worker key (first listener); empty disables the REST API. */
export function restListener(worker: WorkerConfig): { host: string; port: number } | undefined {
  const first = (worker.listeners ?? '').split(',')[0]?.trim();
  if (!first) return undefined;
  const match = /^(?:https?:\/\/)?(\[[^\]]+\]|[^:/]*)(?::(\d+))?\/?$/.exec(first);
  if (!match) throw new ConfigError('listeners', first, 'Expected a URL like http://127.0.0.1:8083');
  const host = match[1] === '' ? '127.0.0.1' : match[1]!.replace(/^\[|\]$/g, '');
  return { host, port: match[2] === undefined ? 8083 : Number(match[2]) };
}

function firstLine(trace: string | undefined): string {
  return (trace ?? 'task failed').split('\n')[0]!.replace(/^\w*Error: /, '');
}
