// A ConnectorService on memory stores, with a stand-in coordinator that mirrors each connector's
// target state into its statuses the way the real runtime reports them, so REST responses can be
// checked without running tasks.
import { MemoryLeaseStore } from '../../shared/leases/memory-lease-store.ts';
import type { CoordinatorTrigger } from '../../shared/runtime/coordination/coordinator-trigger.ts';
import {
  ConnectorService,
  type ConnectorServiceDependencies,
} from '../../shared/runtime/management/connector-service.ts';
import {
  createRestRouter,
  type RestHandler,
  type RestResponse,
} from '../../shared/runtime/management/rest-router.ts';
import { builtinPlugins } from '../../shared/runtime/plugins/builtin-plugins.ts';
import type { ConfigStore } from '../../shared/runtime/stores/config-store.ts';
import { MemoryConfigStore } from '../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../shared/runtime/stores/memory-status-store.ts';
import type { StatusStore } from '../../shared/runtime/stores/status-store.ts';

export interface RestFixture {
  readonly configs: MemoryConfigStore;
  readonly statuses: MemoryStatusStore;
  readonly leases: MemoryLeaseStore;
  readonly service: ConnectorService;
  readonly router: RestHandler;
  readonly triggered: (string | undefined)[];
  /** Calls the router with a JSON body. */
  call(method: string, path: string, body?: unknown): Promise<RestResponse & { json: unknown }>;
}

/** Writes RUNNING/PAUSED/STOPPED statuses for a connector and its tasks, as a coordinator would. */
export async function mirrorTargetState(
  configs: ConfigStore,
  statuses: StatusStore,
  name: string,
  workerId = 'test-worker',
): Promise<void> {
  const record = await configs.get(name);
  if (!record) return;
  const now = Date.now();
  await statuses.putConnectorStatus({
    connector: name,
    state: record.targetState,
    workerId,
    generation: record.version,
    updatedAt: now,
  });
  await statuses.deleteTaskStatuses(name, record.taskConfigs.length);
  for (let task = 0; task < record.taskConfigs.length; task++) {
    await statuses.putTaskStatus({
      connector: name,
      task,
      state: record.targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING',
      workerId,
      generation: record.version,
      updatedAt: now,
    });
  }
}

export async function restFixture(
  options: {
    /** Mirror target states into statuses on every trigger, like a coordinator would. */
    mirror?: boolean;
    /** Mirror this long after the trigger (after the API answered), as a real coordinator does. */
    mirrorDelayMs?: number;
  } & Partial<ConnectorServiceDependencies> = {},
): Promise<RestFixture> {
  const configs = await MemoryConfigStore.open();
  const statuses = await MemoryStatusStore.open();
  const leases = new MemoryLeaseStore();
  const triggered: (string | undefined)[] = [];
  const trigger: CoordinatorTrigger = {
    async reconcile(connector) {
      triggered.push(connector);
      if (!options.mirror || connector === undefined) return;
      if (options.mirrorDelayMs === undefined) {
        await mirrorTargetState(configs, statuses, connector);
        return;
      }
      // Delayed, the stand-in also consumes restart requests, as the coordinator does.
      setTimeout(async () => {
        for (const request of await configs.restartRequests(connector))
          await configs.clearRestartRequest(connector, request.id);
        await mirrorTargetState(configs, statuses, connector);
      }, options.mirrorDelayMs);
    },
  };
  const service = new ConnectorService({
    configs,
    statuses,
    leases,
    trigger,
    plugins: builtinPlugins(),
    workerId: 'test-worker',
    ...options,
  });
  const router = createRestRouter(service);
  return {
    configs,
    statuses,
    leases,
    service,
    router,
    triggered,
    async call(method, path, body) {
      const response = await router({
        method,
        path,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { ...response, json: response.body === '' ? undefined : JSON.parse(response.body) };
    },
  };
}
