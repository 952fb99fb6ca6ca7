// What each operation of Kafka Connect's REST API means, independent of HTTP: validation before
// anything is stored, compare-and-set writes of the desired state (ConfigStore), statuses as the
// runtime reported them (StatusStore), offsets from the leases (LeaseStore), and a nudge to the
// coordinator after every change. Messages and outcomes follow Apache Kafka Connect 4.1; the few
// deliberate differences are commented where they happen.
import { randomUUID } from 'node:crypto';
import { type ConfigValue, formatValue, NO_DEFAULT, parseType } from '../../api/config-def.ts';
import type { ConnectorType, TaskConfig } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { Plugin, PluginType, SinkConnectorPlugin, SourceConnectorPlugin } from '../../api/plugin.ts';
import { VERSION } from '../../api/version.ts';
import { sourceConnectorConfigDef } from '../../config/source-connector-config-def.ts';
import {
  type ConnectorValidation,
  validateConnectorConfig,
  withConnectorChecks,
} from '../../config/validate-connector.ts';
import type { LeaseStore } from '../../leases/lease.ts';
import { LeasesHeldError } from '../../leases/lease-rules.ts';
import { signalConfigVersion, signalRestart } from '../coordination/control-signals.ts';
import type { CoordinatorStateStore } from '../coordination/coordinator-state.ts';
import type { CoordinatorTrigger } from '../coordination/coordinator-trigger.ts';
import type { LoggerLevelsApi } from '../logger-levels.ts';
import type { PluginRegistry } from '../plugins/plugins.ts';
import {
  type ConfigStore,
  type ConnectorChanges,
  ConnectorExistsError,
  ConnectorNotFoundError,
  type ConnectorRecord,
  StateTooLargeError,
  type TargetState,
  VersionConflictError,
} from '../stores/config-store.ts';
import type { ConnectorState, ConnectorStatus, StatusStore, TaskStatus } from '../stores/status-store.ts';
import { type LeaseView, leaseView } from './lease-view.ts';
import {
  type ConfigInfos,
  type ConfigKeyInfo,
  configInfos,
  configKeyInfos,
  listedErrors,
} from './plugin-config-info.ts';
import { type OffsetEntry, parseSinkOffsets } from './rest-bodies.ts';
import { badRequest, conflict, notFound, RestError } from './rest-error.ts';
import {
  alterSourceOffsets,
  resetSourceOffsets,
  type SourceOffsetEntry,
  sourceOffsets,
} from './source-offsets.ts';

export interface ConnectorServiceDependencies {
  readonly configs: ConfigStore;
  readonly statuses: StatusStore;
  readonly leases: LeaseStore;
  readonly trigger: CoordinatorTrigger;
  readonly plugins: PluginRegistry;
  /** The coordinator's memory (autoscaler decisions, observed end offsets) for the lease view. */
  readonly coordinatorState?: Pick<CoordinatorStateStore, 'scaling'>;
  /**
   * Resolves `${provider:path:key}` references (config providers) so validation sees real values;
   * the raw config is what gets stored. Identity when omitted.
   */
  readonly resolveConfig?: (config: Readonly<Record<string, string>>) => Promise<Record<string, string>>;
  /** The Kafka cluster id for GET / (null when unknown). */
  readonly kafkaClusterId?: () => Promise<string | null>;
  /** Shown as worker_id for statuses nobody has reported yet. */
  readonly workerId?: string;
  /** The worker's exactly.once.source.support is `enabled` (Kafka's preflight check for `required`). */
  readonly exactlyOnceSourceEnabled?: boolean;
  readonly clock?: () => number;
  /** How often a compare-and-set write is retried before answering 409. */
  readonly maxWriteAttempts?: number;
  /** How long an offsets change waits for a stopped connector's tasks to release their leases. */
  readonly offsetsWaitMs?: number;
  /** The worker's changeable log levels (/admin/loggers); without them those paths are 404. */
  readonly loggerLevels?: LoggerLevelsApi;
}

export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: { connector: string; task: number }[];
  type: ConnectorType;
}

export interface StateInfo {
  state: ConnectorState;
  worker_id: string;
  trace?: string;
  version?: string;
  /** serverless-connect extension (connector only): how many tasks run now, and why. */
  autoscaling?: { active_tasks: number; reason: string };
}

export interface ConnectorStateInfo {
  name: string;
  connector: StateInfo;
  tasks: (StateInfo & { id: number })[];
  type: ConnectorType;
}

export interface TaskInfo {
  id: { connector: string; task: number };
  config: TaskConfig;
}

export interface PluginInfo {
  class: string;
  type: PluginType;
  version: string;
}

export interface SinkOffset {
  partition: { kafka_topic: string; kafka_partition: number };
  offset: { kafka_offset: number } | null;
}

export interface CreateConnectorRequest {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly initialState?: TargetState;
}

/** Kafka's message when a write keeps losing the race: the client should retry. */
export const STALE_CONFIG_MESSAGE =
  'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)';

const CONNECTOR_TYPES: readonly PluginType[] = ['sink', 'source'];

/** How often an offsets change looks again whether a stopped connector's tasks let go. */
const OFFSETS_RETRY_MS = 200;

const PLUGIN_TYPE_ORDER: readonly PluginType[] = [
  'sink',
  'source',
  'converter',
  'header_converter',
  'transformation',
  'predicate',
];

export class ConnectorService {
  readonly #configs: ConfigStore;
  readonly #statuses: StatusStore;
  readonly #leases: LeaseStore;
  readonly #trigger: CoordinatorTrigger;
  readonly #plugins: PluginRegistry;
  readonly #coordinatorState: Pick<CoordinatorStateStore, 'scaling'> | undefined;
  readonly #resolve: (config: Readonly<Record<string, string>>) => Promise<Record<string, string>>;
  readonly #clusterId: () => Promise<string | null>;
  readonly #workerId: string;
  readonly #clock: () => number;
  readonly #maxWriteAttempts: number;
  readonly #offsetsWaitMs: number;
  /** Public for the router: /admin/loggers exists only where levels can change. */
  readonly loggerLevels: LoggerLevelsApi | undefined;
  readonly #exactlyOnceSourceEnabled: boolean;

  constructor(deps: ConnectorServiceDependencies) {
    this.#exactlyOnceSourceEnabled = deps.exactlyOnceSourceEnabled ?? false;
    this.#configs = deps.configs;
    this.#statuses = deps.statuses;
    this.#leases = deps.leases;
    this.#trigger = deps.trigger;
    this.#plugins = deps.plugins;
    this.#coordinatorState = deps.coordinatorState;
    this.#resolve = deps.resolveConfig ?? (async (config) => ({ ...config }));
    this.#clusterId = deps.kafkaClusterId ?? (async () => null);
    this.#workerId = deps.workerId ?? 'serverless-connect';
    this.#clock = deps.clock ?? Date.now;
    this.#maxWriteAttempts = deps.maxWriteAttempts ?? 5;
    // Well inside API Gateway's 29 s; a task lets go at its next batch boundary (about a second).
    this.#offsetsWaitMs = deps.offsetsWaitMs ?? 15_000;
    this.loggerLevels = deps.loggerLevels;
  }

  // --- GET / -----------------------------------------------------------------------------------

  async serverInfo(): Promise<{ version: string; commit: string; kafka_cluster_id: string | null }> {
    return { version: VERSION, commit: 'serverless-connect', kafka_cluster_id: await this.#clusterId() };
  }

  // --- connectors: desired state ---------------------------------------------------------------

  async listConnectors(): Promise<string[]> {
    return this.#configs.list();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.#info(await this.#require(name));
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...(await this.#require(name)).config };
  }

  async taskInfos(name: string): Promise<TaskInfo[]> {
    const record = await this.#require(name);
    return record.taskConfigs.map((config, task) => ({
      id: { connector: name, task },
      config: { ...config },
    }));
  }

  /** POST /connectors: 201 with the info, 409 when the name is taken, 400 when invalid. */
  async createConnector(request: CreateConnectorRequest): Promise<ConnectorInfo> {
    const name = request.name.trim();
    const config = withName(name, request.config);
    const targetState = request.initialState ?? 'RUNNING';
    // As in Kafka, a connector created PAUSED or STOPPED has not run, so it has no tasks until resumed.
    const taskConfigs = await this.#validatedTaskConfigs(config, targetState);
    if (targetState === 'PAUSED') taskConfigs.length = 0;
    try {
      const record = await this.#configs.create({ name, config, taskConfigs, targetState }, this.#clock());
      await this.#nudge(name);
      return this.#info(record);
    } catch (error) {
      if (error instanceof ConnectorExistsError) throw conflict(error.message);
      throw tooLargeAs413(error);
    }
  }

  /** PUT /connectors/{name}/config: creates (created=true, 201) or replaces (200) the config. */
  async putConnectorConfig(
    name: string,
    submitted: Readonly<Record<string, string>>,
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const config = withName(name, submitted);
    for (let attempt = 0; attempt < this.#maxWriteAttempts; attempt++) {
      const current = await this.#configs.get(name);
      const targetState = current?.targetState ?? 'RUNNING';
      const taskConfigs = await this.#validatedTaskConfigs(config, targetState);
      try {
        const record = current
          ? await this.#configs.update(name, current.version, { config, taskConfigs }, this.#clock())
          : await this.#configs.create({ name, config, taskConfigs, targetState }, this.#clock());
        if (current) await this.#signalConfigChange(record);
        await this.#nudge(name);
        return { created: current === undefined, info: this.#info(record) };
      } catch (error) {
        if (!isRaceLost(error)) throw tooLargeAs413(error);
      }
    }
    throw conflict(STALE_CONFIG_MESSAGE);
  }

  /** PATCH /connectors/{name}/config (KIP-477): merges, a null value removes the key. */
  async patchConnectorConfig(
    name: string,
    patch: Readonly<Record<string, string | null>>,
  ): Promise<ConnectorInfo> {
    // Kafka stores a patched `name` that contradicts the URL; we refuse it, as PUT does, because
    // the stored config would then name another connector.
    const patchedName = patch.name;
    if (typeof patchedName === 'string' && patchedName.trim() !== name) throw nameMismatch(patchedName, name);
    const record = await this.#update(name, async (current) => {
      const config: Record<string, string> = { ...current.config };
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete config[key];
        else config[key] = value;
      }
      config.name = name;
      return { config, taskConfigs: await this.#validatedTaskConfigs(config, current.targetState) };
    });
    await this.#signalConfigChange(record);
    return this.#info(record);
  }

  async deleteConnector(name: string): Promise<void> {
    const deleted = await this.#configs.delete(name);
    if (!deleted) throw notFound(`Connector ${name} not found`);
    // Tasks still running lose their leases at their next commit (fencing) and stop.
    await this.#leases.deleteConnector(name);
    await this.#statuses.deleteConnector(name);
    await this.#nudge(name);
  }

  // --- target state ----------------------------------------------------------------------------

  async pause(name: string): Promise<void> {
    await this.#setTargetState(name, 'PAUSED');
  }

  async resume(name: string): Promise<void> {
    await this.#setTargetState(name, 'RUNNING');
  }

  async stop(name: string): Promise<void> {
    await this.#setTargetState(name, 'STOPPED');
  }

  async #setTargetState(name: string, targetState: TargetState): Promise<void> {
    try {
      await this.#update(name, async (current) => {
        if (current.targetState === targetState) return undefined;
        // A stopped connector has no tasks (Kafka drops its task configs); leaving STOPPED, or
        // resuming a connector that was created PAUSED, generates them.
        if (targetState === 'STOPPED') return { targetState, taskConfigs: [] };
        if (
          current.targetState === 'STOPPED' ||
          (targetState === 'RUNNING' && current.taskConfigs.length === 0)
        )
          return { targetState, taskConfigs: await this.#validatedTaskConfigs(current.config, targetState) };
        return { targetState };
      });
    } catch (error) {
      // Kafka words the unknown connector differently for these three endpoints.
      if (error instanceof RestError && error.status === 404) throw notFound(`Unknown connector ${name}`);
      throw error;
    }
  }

  // --- status ----------------------------------------------------------------------------------

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const record = await this.#configs.get(name);
    if (!record) throw notFound(`No status found for connector ${name}`);
    return this.#stateInfo(record);
  }

  async taskStatus(name: string, task: number): Promise<StateInfo & { id: number }> {
    const record = await this.#configs.get(name);
    const info = record ? (await this.#stateInfo(record)).tasks.find((t) => t.id === task) : undefined;
    if (!info) throw notFound(`No status found for task ${name}-${task}`);
    return info;
  }

  /** GET /connectors?expand=status|info: each connector's requested views. */
  async expandedConnectors(
    expand: readonly ('status' | 'info')[],
  ): Promise<Record<string, { status?: ConnectorStateInfo; info?: ConnectorInfo }>> {
    const result: Record<string, { status?: ConnectorStateInfo; info?: ConnectorInfo }> = {};
    for (const name of await this.#configs.list()) {
      const record = await this.#configs.get(name);
      if (!record) continue; // deleted between list and get
      const entry: { status?: ConnectorStateInfo; info?: ConnectorInfo } = {};
      if (expand.includes('status')) entry.status = await this.#stateInfo(record);
      if (expand.includes('info')) entry.info = this.#info(record);
      result[name] = entry;
    }
    return result;
  }

  // --- restarts --------------------------------------------------------------------------------

  /**
   * POST /connectors/{name}/restart. Without flags only the connector instance restarts and the
   * answer is 204 with no body (`status` undefined); with includeTasks or onlyFailed the answer is
   * 202 with the status showing RESTARTING for everything that will restart (KIP-745).
   */
  async restartConnector(
    name: string,
    includeTasks: boolean,
    onlyFailed: boolean,
  ): Promise<{ status: ConnectorStateInfo | undefined }> {
    const record = await this.#configs.get(name);
    if (!record) throw notFound(`Unknown connector: ${name}`);
    // The answer is the plan (Kafka's RestartPlan), computed before the coordinator can act on the
    // request. The statuses themselves are left to the coordinator: writing RESTARTING here would
    // hide the FAILED state its onlyFailed check reads.
    const plan =
      includeTasks || onlyFailed ? await this.#restartPlan(record, includeTasks, onlyFailed) : undefined;
    await this.#configs.requestRestart({
      id: randomUUID(),
      connector: name,
      includeTasks,
      onlyFailed,
      requestedAt: this.#clock(),
    });
    // Tasks running now restart by themselves on this signal; a FAILED task is not running, so
    // onlyFailed restarts are left to the coordinator.
    if (includeTasks && !onlyFailed) await signalRestart(this.#leases, name, undefined, this.#clock());
    await this.#nudge(name);
    return { status: plan };
  }

  async #restartPlan(
    record: ConnectorRecord,
    includeTasks: boolean,
    onlyFailed: boolean,
  ): Promise<ConnectorStateInfo> {
    const current = await this.#stateInfo(record);
    const restarts = (state: ConnectorState) => !onlyFailed || state === 'FAILED';
    if (restarts(current.connector.state)) {
      current.connector.state = 'RESTARTING';
      delete current.connector.trace;
    }
    if (includeTasks) {
      for (const task of current.tasks) {
        if (!restarts(task.state)) continue;
        task.state = 'RESTARTING';
        delete task.trace;
      }
    }
    return current;
  }

  /** POST /connectors/{name}/tasks/{task}/restart: 204. */
  async restartTask(name: string, task: number): Promise<void> {
    const record = await this.#configs.get(name);
    if (!record) throw notFound(`Unknown connector: ${name}`);
    if (!Number.isInteger(task) || task < 0 || task >= record.taskConfigs.length)
      throw notFound(`Unknown task: ${name}-${task}`);
    await this.#configs.requestRestart({
      id: randomUUID(),
      connector: name,
      includeTasks: false,
      onlyFailed: false,
      task,
      requestedAt: this.#clock(),
    });
    await signalRestart(this.#leases, name, new Set([task]), this.#clock());
    await this.#nudge(name);
  }

  /** Running tasks hear of a new config within a lease refresh, not at the coordinator's next pass. */
  async #signalConfigChange(record: ConnectorRecord): Promise<void> {
    await signalConfigVersion(this.#leases, record.name, record.version, this.#clock());
  }

  // --- leases (serverless-connect's read-only addition) ---------------------------------------

  /** GET /connectors/{name}/leases: partitions, owners, epochs, offsets and lag; autoscaler history. */
  async leases(name: string): Promise<LeaseView> {
    const record = await this.#require(name);
    const [leases, scaling] = await Promise.all([
      this.#leases.list(name),
      this.#coordinatorState?.scaling(name),
    ]);
    const tasksMax = Number.parseInt(record.config['tasks.max'] ?? '1', 10);
    return leaseView({
      name,
      type: this.#typeOf(record),
      tasksMax: Number.isFinite(tasksMax) ? tasksMax : 1,
      running: record.targetState === 'RUNNING',
      leases,
      scaling,
      now: this.#clock(),
    });
  }

  // --- offsets (KIP-875) -----------------------------------------------------------------------

  async offsets(name: string): Promise<{ offsets: SinkOffset[] | SourceOffsetEntry[] }> {
    const record = await this.#require(name);
    if (this.#sourcePlugin(record)) return sourceOffsets(this.#leases, name);
    const leases = await this.#leases.list(name);
    return {
      offsets: leases
        .filter((lease) => lease.offset !== null)
        .map((lease) => ({
          partition: { kafka_topic: lease.topic, kafka_partition: lease.partition },
          offset: { kafka_offset: lease.offset! },
        })),
    };
  }

  /**
   * PATCH /connectors/{name}/offsets. The body's list was checked before; its entries are checked
   * here, once the connector is known to be stopped, as a sink's or a source's offsets. A null offset
   * resets that partition (a sink task then starts from the consumer's auto.offset.reset).
   */
  async alterOffsets(name: string, entries: readonly OffsetEntry[]): Promise<{ message: string }> {
    return this.#onceTasksLetGo(name, async (record) => {
      const source = this.#sourcePlugin(record);
      if (source)
        return alterSourceOffsets(this.#leases, source, name, record.config, entries, this.#clock());
      const offsets = parseSinkOffsets(entries);
      await this.#leases.setOffsets(
        name,
        offsets.map((o) => ({
          topic: o.partition.kafka_topic,
          partition: o.partition.kafka_partition,
          offset: o.offset === null ? null : o.offset.kafka_offset,
        })),
        this.#clock(),
      );
      return { message: 'The offsets for this connector have been altered successfully' };
    });
  }

  async resetOffsets(name: string): Promise<{ message: string }> {
    return this.#onceTasksLetGo(name, async (record) => {
      const source = this.#sourcePlugin(record);
      if (source) return resetSourceOffsets(this.#leases, source, name, record.config, this.#clock());
      const leases = await this.#leases.list(name);
      await this.#leases.setOffsets(
        name,
        leases.map((lease) => ({ topic: lease.topic, partition: lease.partition, offset: null })),
        this.#clock(),
      );
      return { message: 'The offsets for this connector have been reset successfully' };
    });
  }

  /**
   * Runs an offsets change on a stopped connector. Right after PUT .../stop its tasks may still be
   * finishing their last batch and hold their leases; Kafka's herder applies the stop before the
   * offsets request, so we wait for the tasks to let go (the lease stores refuse the change whole
   * while any lease is held). Still held after offsetsWaitMs: 409, nothing changed; retrying is safe.
   */
  async #onceTasksLetGo<T>(name: string, change: (record: ConnectorRecord) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.#offsetsWaitMs;
    for (;;) {
      const record = await this.#requireStopped(name);
      try {
        return await change(record);
      } catch (error) {
        if (!(error instanceof LeasesHeldError)) throw error;
        if (Date.now() >= deadline) throw conflict(error.message);
      }
      await new Promise((resolve) => setTimeout(resolve, OFFSETS_RETRY_MS));
    }
  }

  async #requireStopped(name: string): Promise<ConnectorRecord> {
    const record = await this.#require(name);
    if (record.targetState !== 'STOPPED') {
      throw badRequest(
        `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
      );
    }
    return record;
  }

  #sourcePlugin(record: ConnectorRecord): SourceConnectorPlugin | undefined {
    return this.#plugins.find(record.config['connector.class'] ?? '', 'source');
  }

  // --- topics (KIP-558) ------------------------------------------------------------------------

  /** Kafka answers 200 with an empty list for unknown connectors too; so do we. */
  async activeTopics(name: string): Promise<Record<string, { topics: string[] }>> {
    return { [name]: { topics: await this.#statuses.activeTopics(name) } };
  }

  async resetActiveTopics(name: string): Promise<void> {
    await this.#statuses.resetActiveTopics(name);
  }

  // --- plugins ---------------------------------------------------------------------------------

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return this.#plugins
      .all()
      .filter((p) => !connectorsOnly || CONNECTOR_TYPES.includes(p.type))
      .map((p) => ({ class: p.className, type: p.type, version: p.version }))
      .sort(
        (a, b) =>
          PLUGIN_TYPE_ORDER.indexOf(a.type) - PLUGIN_TYPE_ORDER.indexOf(b.type) ||
          a.class.localeCompare(b.class),
      );
  }

  pluginConfig(pluginName: string): ConfigKeyInfo[] {
    const plugin = this.#findPlugin(pluginName);
    if (!plugin) throw notFound(`Unknown plugin ${pluginName}.`);
    if (plugin.type === 'source')
      return [...configKeyInfos(plugin.config()), ...configKeyInfos(sourceConnectorConfigDef())];
    if (plugin.type !== 'sink') return configKeyInfos(plugin.config());
    // Connectors: their own keys, then every common connector key, as Kafka lists them.
    const validation = validateConnectorConfig({}, this.#plugins);
    return [...configKeyInfos(plugin.config()), ...configKeyInfos(validation.definition)];
  }

  /** PUT /connector-plugins/{plugin}/config/validate: 200 with every problem, even when invalid. */
  async validate(pluginName: string, config: Readonly<Record<string, string>>): Promise<ConfigInfos> {
    const connectorClass = config['connector.class'];
    if (connectorClass === undefined || connectorClass.trim() === '') {
      // Kafka answers 500 here; a missing key is the client's mistake, so 400.
      throw badRequest(`Connector config ${javaMapString(config)} contains no connector type`);
    }
    // Kafka's rule, on the names as written: the body's class, without a `Connector` suffix, must
    // end with the path's plugin name without one (so FileStreamSinkConnector matches FileStreamSink,
    // but not the path's full class name).
    const withoutSuffix = (n: string) => (n.endsWith('Connector') ? n.slice(0, -'Connector'.length) : n);
    if (!withoutSuffix(connectorClass).endsWith(withoutSuffix(pluginName))) {
      throw badRequest(`Included connector type ${connectorClass} does not match request type ${pluginName}`);
    }
    const { validation, infos } = await this.#validation(config);
    if (!validation.plugin) {
      const message = infos.configs.find((c) => c.definition.name === 'connector.class')?.value.errors[0];
      throw badRequest(message ?? `Unknown plugin ${pluginName}.`);
    }
    return infos;
  }

  // --- internals -------------------------------------------------------------------------------

  async #require(name: string): Promise<ConnectorRecord> {
    const record = await this.#configs.get(name);
    if (!record) throw notFound(`Connector ${name} not found`);
    return record;
  }

  /**
   * Read, compute the change, compare-and-set; on a lost race read again and recompute, so
   * concurrent writers are applied one after the other and none is lost. `change` returning
   * undefined means nothing to write.
   */
  async #update(
    name: string,
    change: (current: ConnectorRecord) => Promise<ConnectorChanges | undefined>,
  ): Promise<ConnectorRecord> {
    for (let attempt = 0; attempt < this.#maxWriteAttempts; attempt++) {
      const current = await this.#require(name);
      const changes = await change(current);
      if (changes === undefined) return current;
      try {
        const record = await this.#configs.update(name, current.version, changes, this.#clock());
        await this.#nudge(name);
        return record;
      } catch (error) {
        if (error instanceof ConnectorNotFoundError) throw notFound(`Connector ${name} not found`);
        if (!(error instanceof VersionConflictError)) throw tooLargeAs413(error);
      }
    }
    throw conflict(STALE_CONFIG_MESSAGE);
  }

  async #nudge(name: string): Promise<void> {
    // The change is stored; if the nudge fails the coordinator's schedule still picks it up.
    await this.#trigger.reconcile(name).catch(() => {});
  }

  #findPlugin(name: string): Plugin | undefined {
    const className = this.#plugins.className(name);
    return className === undefined ? undefined : this.#plugins.all().find((p) => p.className === className);
  }

  /** Validates (with references resolved) and returns the task configs; 400 listing every error. */
  async #validatedTaskConfigs(
    config: Readonly<Record<string, string>>,
    targetState: TargetState,
  ): Promise<TaskConfig[]> {
    const { validation, infos, resolved, secrets } = await this.#validation(config);
    if (validation.errorCount > 0 || !validation.plugin) {
      const connectorClass = config['connector.class']?.trim();
      if (connectorClass && !validation.plugin) {
        // Kafka reports an unknown connector class on its own, before other errors.
        const message = infos.configs.find((c) => c.definition.name === 'connector.class')?.value.errors[0];
        if (message) throw badRequest(redact(message, secrets));
      }
      const errors = listedErrors(infos, validation).map((e) => redact(e, secrets));
      throw badRequest(
        `Connector configuration is invalid and contains the following ${errors.length} error(s):\n${errors.join('\n')}\n` +
          'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
      );
    }
    if (targetState === 'STOPPED') return [];
    return this.#taskConfigs(validation.plugin, config, resolved, secrets);
  }

  async #taskConfigs(
    plugin: SinkConnectorPlugin | SourceConnectorPlugin,
    raw: Readonly<Record<string, string>>,
    resolved: Readonly<Record<string, string>>,
    secrets: readonly string[],
  ): Promise<TaskConfig[]> {
    const connector = plugin.create();
    try {
      await connector.start(resolved);
      const tasksMax = Number(resolved['tasks.max'] ?? '1');
      // Stored task configs must not hold resolved secrets: every value that came from a reference
      // gets its reference back (Kafka's reverse transformation of task configs).
      return connector
        .taskConfigs(tasksMax)
        .map((taskConfig) => ({ ...unresolve(taskConfig, raw, resolved), 'task.class': plugin.taskClass }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw badRequest(redact(message, secrets));
    } finally {
      await connector.stop();
    }
  }

  async #validation(config: Readonly<Record<string, string>>): Promise<{
    validation: ConnectorValidation;
    infos: ConfigInfos;
    resolved: Record<string, string>;
    secrets: string[];
  }> {
    let resolved: Record<string, string>;
    try {
      resolved = await this.#resolve(config);
    } catch (error) {
      if (error instanceof ConnectError) throw badRequest(error.message);
      throw error;
    }
    const secrets = Object.keys(resolved)
      .filter((key) => resolved[key] !== config[key] && resolved[key] !== '')
      .map((key) => resolved[key]!);
    const validation = await withConnectorChecks(
      validateConnectorConfig(resolved, this.#plugins, {
        exactlyOnceSourceEnabled: this.#exactlyOnceSourceEnabled,
      }),
      resolved,
    );
    // Kafka shows each key's parsed value (or its default when unset) in string form, null when it
    // does not parse. A value that came from a reference is shown as the reference.
    const display = (key: string, value: ConfigValue): string | null => {
      const definition = validation.definition.key(key);
      const raw = config[key];
      if (definition?.type === 'PASSWORD' && raw !== undefined) return '[hidden]';
      // Kafka parses a CLASS key by loading the class: one that fails shows as null.
      if (definition?.type === 'CLASS' && value.errors.length > 0) return null;
      if (raw !== undefined && raw !== resolved[key]) return raw;
      if (!definition) return raw ?? null;
      const given = resolved[key];
      const source = given !== undefined ? given : definition.defaultValue;
      if (source === NO_DEFAULT || source === null || source === undefined) return null;
      try {
        return formatValue(parseType(key, source, definition.type));
      } catch {
        return null;
      }
    };
    const name = config['connector.class']?.trim() ?? '';
    const infos = configInfos(name, validation, display);
    for (const entry of infos.configs) entry.value.errors = entry.value.errors.map((e) => redact(e, secrets));
    return { validation, infos, resolved, secrets };
  }

  #info(record: ConnectorRecord): ConnectorInfo {
    return {
      name: record.name,
      config: { ...record.config },
      tasks: record.taskConfigs.map((_, task) => ({ connector: record.name, task })),
      type: this.#typeOf(record),
    };
  }

  #typeOf(record: ConnectorRecord): ConnectorType {
    const plugin = this.#plugins.find(record.config['connector.class'] ?? '', 'sink', 'source');
    return plugin?.type ?? 'sink';
  }

  async #stateInfo(record: ConnectorRecord): Promise<ConnectorStateInfo> {
    const version = this.#plugins.find(record.config['connector.class'] ?? '', 'sink', 'source')?.version;
    const connector = await this.#statuses.connectorStatus(record.name);
    const tasks = new Map((await this.#statuses.taskStatuses(record.name)).map((t) => [t.task, t]));
    return {
      name: record.name,
      connector: this.#state(connector, version),
      tasks: record.taskConfigs.map((_, id) => ({ id, ...this.#state(tasks.get(id), version) })),
      type: this.#typeOf(record),
    };
  }

  #state(status: ConnectorStatus | TaskStatus | undefined, version: string | undefined): StateInfo {
    const info: StateInfo = {
      state: status?.state ?? 'UNASSIGNED',
      worker_id: status?.workerId ?? this.#workerId,
    };
    if (status?.trace !== undefined) info.trace = status.trace;
    if (version !== undefined) info.version = version;
    if (status && 'autoscaling' in status && status.autoscaling)
      info.autoscaling = { active_tasks: status.autoscaling.activeTasks, reason: status.autoscaling.reason };
    return info;
  }
}

/** Kafka adds the connector's name to its config, and refuses a config naming another one. */
function withName(name: string, config: Readonly<Record<string, string>>): Record<string, string> {
  const given = config.name;
  if (given !== undefined && given.trim() !== name) throw nameMismatch(given, name);
  return { ...config, name };
}

function nameMismatch(given: string, name: string): RestError {
  return badRequest(
    `Connector name configuration (${given}) doesn't match connector name in the URL (${name})`,
  );
}

function tooLargeAs413(error: unknown): unknown {
  return error instanceof StateTooLargeError ? new RestError(413, error.message) : error;
}

function isRaceLost(error: unknown): boolean {
  return (
    error instanceof VersionConflictError ||
    error instanceof ConnectorExistsError ||
    error instanceof ConnectorNotFoundError
  );
}

/** Puts references back where a task config value equals what a reference resolved to. */
function unresolve(
  taskConfig: TaskConfig,
  raw: Readonly<Record<string, string>>,
  resolved: Readonly<Record<string, string>>,
): TaskConfig {
  const result: TaskConfig = {};
  for (const [key, value] of Object.entries(taskConfig)) {
    const rawValue = raw[key];
    result[key] =
      rawValue !== undefined && rawValue !== resolved[key] && value === resolved[key] ? rawValue : value;
  }
  return result;
}

/** Replaces every resolved secret in a text with [hidden], so no error message leaks one. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('[hidden]');
  }
  return result;
}

/** Java's Map.toString, used in messages Kafka prints with a map in them. */
function javaMapString(config: Readonly<Record<string, string>>): string {
  return `{${Object.entries(config)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}
