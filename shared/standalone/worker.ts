// Standalone mode: one process runs sink connectors end to end. Everything is validated first
// (configs, plugins, topics), and only then is any state written, so a bad config leaves no trace.
import type { SinkConnector, TopicPartition } from '../api/connector.ts';
import { ConfigError } from '../api/errors.ts';
import type { ConnectorDefinition } from '../config/connector-file.ts';
import { invalidConfigMessage, validateSinkConnectorConfig } from '../config/validate-connector.ts';
import { createAdmin, createPartitionReader, type KafkaAdmin, type PartitionReader } from '../kafka/index.ts';
import { builtinPlugins } from '../runtime/builtin-plugins.ts';
import type { Logger } from '../runtime/logger.ts';
import type { PluginRegistry } from '../runtime/plugins.ts';
import { createSinkPipeline } from '../runtime/sink-pipeline-factory.ts';
import { SinkTaskRunner } from '../runtime/sink-task-runner.ts';
import { selectedPartitions, type TopicSelection, topicSelection } from '../runtime/topic-partitions.ts';
import { createTransformer } from '../runtime/transformer-factory.ts';
import { OffsetsFile } from './offsets-file.ts';
import { kafkaClient, kafkaConnection, runnerSettings, type WorkerConfig } from './worker-config.ts';

interface PreparedConnector {
  readonly definition: ConnectorDefinition;
  readonly connector: SinkConnector;
  readonly selection: TopicSelection;
}

export interface TaskOutcome {
  readonly connector: string;
  readonly task: number;
  readonly error?: Error;
}

/** Deterministic split of partitions over tasks until leases take over the assignment. */
function partitionsOfTask(
  all: readonly TopicPartition[],
  taskId: number,
  taskCount: number,
): TopicPartition[] {
  return all.filter((_, index) => index % taskCount === taskId);
}

export class StandaloneWorker {
  readonly #worker: WorkerConfig;
  readonly #logger: Logger;
  readonly #registry: PluginRegistry;
  readonly #admin: KafkaAdmin;
  readonly #prepared: PreparedConnector[];
  readonly #runners: SinkTaskRunner[] = [];
  readonly #readers: PartitionReader[] = [];
  #stopped = false;

  private constructor(
    worker: WorkerConfig,
    logger: Logger,
    registry: PluginRegistry,
    admin: KafkaAdmin,
    prepared: PreparedConnector[],
  ) {
    this.#worker = worker;
    this.#logger = logger;
    this.#registry = registry;
    this.#admin = admin;
    this.#prepared = prepared;
  }

  /** Validates every connector against its plugin and the cluster; throws a ConfigError naming each problem. */
  static async prepare(
    worker: WorkerConfig,
    definitions: readonly ConnectorDefinition[],
    logger: Logger,
    registry: PluginRegistry = builtinPlugins(),
  ): Promise<StandaloneWorker> {
    const names = new Set<string>();
    for (const definition of definitions) {
      if (names.has(definition.name)) throw new ConfigError(`Connector ${definition.name} already exists`);
      names.add(definition.name);
      const validation = validateSinkConnectorConfig(definition.config, registry);
      if (validation.errorCount > 0)
        throw new ConfigError(`${definition.name}: ${invalidConfigMessage(validation)}`);
      // Building the pipeline once checks converter and SMT configs the way tasks will use them.
      createSinkPipeline(definition.config, worker, registry, createTransformer(definition.config, registry));
      runnerSettings(worker, definition.config);
    }
    const admin = createAdmin(kafkaConnection(worker));
    try {
      const prepared: PreparedConnector[] = [];
      for (const definition of definitions) {
        const selection = topicSelection(definition.config);
        await selectedPartitions(admin, selection, true);
        const plugin = registry.find(definition.config['connector.class']!, 'sink')!;
        const connector = plugin.create();
        await connector.start(definition.config);
        prepared.push({ definition, connector, selection });
      }
      return new StandaloneWorker(worker, logger, registry, admin, prepared);
    } catch (error) {
      await admin.close();
      throw error;
    }
  }

  /** Runs every task until stop(); resolves with each task's outcome. */
  async run(): Promise<TaskOutcome[]> {
    const offsetsFile = new OffsetsFile(this.#worker['offset.storage.file.filename']!);
    const runs: Promise<TaskOutcome>[] = [];
    for (const { definition, connector, selection } of this.#prepared) {
      const tasksMax = Number(definition.config['tasks.max'] ?? 1);
      const taskConfigs = connector.taskConfigs(tasksMax).slice(0, tasksMax);
      taskConfigs.forEach((taskConfig, taskId) => {
        const reader = createPartitionReader(kafkaConnection(this.#worker), kafkaClient(this.#worker));
        this.#readers.push(reader);
        const runner = new SinkTaskRunner({
          connector: definition.name,
          taskId,
          task: connector.createTask(),
          taskConfig,
          pipeline: createSinkPipeline(
            definition.config,
            this.#worker,
            this.#registry,
            createTransformer(definition.config, this.#registry),
          ),
          reader,
          admin: this.#admin,
          committer: offsetsFile.committer(definition.name, taskId),
          partitions: async () =>
            partitionsOfTask(
              await selectedPartitions(this.#admin, selection, false),
              taskId,
              taskConfigs.length,
            ),
          settings: runnerSettings(this.#worker, definition.config),
          logger: this.#logger,
        });
        this.#runners.push(runner);
        if (this.#stopped) runner.stop();
        runs.push(
          runner.run().then(
            () => ({ connector: definition.name, task: taskId }),
            (error: Error) => {
              this.#logger.error('task failed', {
                connector: definition.name,
                task: taskId,
                error: error.message,
              });
              return { connector: definition.name, task: taskId, error };
            },
          ),
        );
      });
    }
    try {
      return await Promise.all(runs);
    } finally {
      await Promise.all(this.#prepared.map(({ connector }) => connector.stop()));
      await Promise.all(this.#readers.map((r) => r.close().catch(() => {})));
      await this.#admin.close();
    }
  }

  /** Asks every task to finish its batch, flush, commit and stop. */
  stop(): void {
    this.#stopped = true;
    for (const runner of this.#runners) runner.stop();
  }
}
