// REST conformance: one scripted sequence of requests goes to Apache Kafka Connect 4.1's own
// distributed worker and to ours (the standalone REST server over our real runtime: the coordinator
// and task invocations on memory stores and the real broker, so every status compared is one the
// runtime itself wrote); status codes and JSON must agree. Volatile fields (worker ids, plugin versions) are
// normalised; where we differ on purpose, the step says how and why (DELIBERATE_DIFFERENCES).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLeaseStore } from '../../../shared/leases/memory-lease-store.ts';
import { InProcessCoordinatorTrigger } from '../../../shared/runtime/coordination/coordinator-trigger.ts';
import type { LocalRuntime } from '../../../shared/runtime/local-runtime.ts';
import { LoggerLevels } from '../../../shared/runtime/logger-levels.ts';
import { ConnectorService } from '../../../shared/runtime/management/connector-service.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { MemoryConfigStore } from '../../../shared/runtime/stores/memory-config-store.ts';
import { MemoryStatusStore } from '../../../shared/runtime/stores/memory-status-store.ts';
import { type RestServer, startRestServer } from '../../../shared/standalone/rest-server.ts';
import { createTopic } from '../../support/kafka.ts';
import { type KafkaConnectWorker, startKafkaConnectWorker } from '../../support/kafka-connect-worker.ts';
import { uniqueName } from '../../support/local.ts';
import { openApiValidator } from '../../support/openapi-validator.ts';
import { testRuntime } from '../../support/runtime.ts';

type Json = unknown;
type Compare = 'exact' | 'shape' | 'status' | 'statusOnly';

interface Step {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Request headers instead of the JSON defaults (content-type and accept application/json). */
  readonly headers?: Record<string, string>;
  /** Response headers compared too (the servers' base URLs replaced by <base>). */
  readonly responseHeaders?: readonly string[];
  readonly compare: Compare;
  /** Poll both servers until this holds (state changes are asynchronous in both). */
  readonly settle?: (status: number, json: Json) => boolean;
  /** Applied to both responses before comparing (deliberate differences, volatile values). */
  readonly normalize?: (json: Json) => Json;
  /** Status codes that differ on purpose: [ours, Kafka's], with the reason. */
  readonly statuses?: { readonly ours: number; readonly kafka: number; readonly reason: string };
  /** An endpoint only we have (Kafka answers 404): only the status codes are compared. */
  readonly addition?: true;
}

/** Where we answer differently from Kafka Connect on purpose, and why. */
const DELIBERATE_DIFFERENCES = {
  tasksOnWrite:
    "POST/PUT/PATCH responses: Kafka returns the tasks it knew before the write (often []), we return the tasks of the config just written; the 'tasks' field is compared by shape.",
  autoscaling:
    "Connector status: ours carries an extra 'autoscaling' object (how many tasks run and why); it is left out before comparing.",
  htmlErrors:
    "Request targets Jetty refuses before Kafka's code runs (encoded '/', empty or dot segments, bad escapes): Kafka's body is Jetty's HTML error page, ours Kafka's JSON error shape with Jetty's reason; the status is the same.",
  badJson:
    "Malformed JSON and wrong JSON types: Kafka answers 500 with a Jackson message; we answer 400, because the mistake is the client's and a 5xx invites blind retries.",
  unknownClassList:
    "Unknown connector.class: the message ends with the available plugins, which are Kafka's own PluginDesc{...} list there and ours here; compared up to 'available connectors are:'.",
  pluginLists: 'Plugin lists differ in content (different plugins ship); compared by shape.',
  converterDefaults:
    "key.converter, value.converter and header.converter: Kafka's defaults (and recommended values) there are the worker's converters; our API has no worker-level converters (each task's worker config decides), so these keys are not compared.",
  doubleErrors:
    'After a value fails to parse, Kafka runs the validator on the null left behind and reports its complaint too ("Invalid value null for configuration X: ..."); we report the parse error once. Such second errors are dropped from Kafka\'s side before comparing.',
  validateKeys:
    'Validate and plugin config: Kafka 4.1 has keys we do not (connector.plugin.version, tasks.max.enforce, *.plugin.version); only the keys both define are compared, value for value except documentation. (Kafka also adds a second "Value must be non-null" error after a type error; we report the type error once.)',
  leasesAddition:
    "serverless-connect's read-only additions: GET /connectors/{name}/leases (the lease map: owners, epochs, offsets, lag per partition, the autoscaler's history; Kafka Connect has no such view), GET /openapi.json (this API in OpenAPI 3.1) and /ui/ (the web console); Kafka answers 404 for each.",
  noConnectorType:
    "Validate without connector.class: Kafka answers 500 (a wrapped BadRequestException); we answer 400 with Kafka's message.",
} as const;

const volatile = (json: Json): Json => {
  if (Array.isArray(json)) return json.map(volatile);
  if (json && typeof json === 'object') {
    const result: Record<string, Json> = {};
    for (const [key, value] of Object.entries(json)) {
      if (key === 'autoscaling') continue; // DELIBERATE_DIFFERENCES.autoscaling
      if (key === 'last_modified') {
        result[key] = value === null ? null : '<time>';
        continue;
      }
      result[key] = key === 'worker_id' || key === 'version' ? '<volatile>' : volatile(value);
    }
    return result;
  }
  return json;
};

/** The JSON's structure: keys and value types, with arrays reduced to their distinct element shapes. */
function shape(json: Json): Json {
  if (json === null) return 'null';
  if (Array.isArray(json)) {
    const shapes = new Map<string, Json>();
    for (const element of json) shapes.set(JSON.stringify(shape(element)), shape(element));
    return [...shapes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  }
  if (typeof json === 'object') {
    return Object.fromEntries(
      Object.entries(json as Record<string, Json>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return typeof json;
}

/** The plugins of the given Java packages, which both sides ship (Kafka's own converters). */
const pluginsOf =
  (...packages: string[]) =>
  (json: Json): Json =>
    Array.isArray(json)
      ? (json as { class: string; type: string }[])
          .filter((p) => packages.some((pkg) => p.class.startsWith(pkg)))
          .sort((a, b) => `${a.class} ${a.type}`.localeCompare(`${b.class} ${b.type}`))
      : json;

const tasksIgnored = (json: Json): Json => {
  const info = json as { tasks?: unknown[] };
  return info && typeof info === 'object' && 'tasks' in info
    ? { ...info, tasks: '<see tasksOnWrite>' }
    : json;
};

/** The keys both implementations define; compared value for value (documentation aside). */
const COMMON_KEYS = [
  'name',
  'connector.class',
  'tasks.max',
  'transforms',
  'predicates',
  'config.action.reload',
  'errors.retry.timeout',
  'errors.retry.delay.max.ms',
  'errors.tolerance',
  'errors.log.enable',
  'errors.log.include.messages',
  'topics',
  'topics.regex',
  'errors.deadletterqueue.topic.name',
  'errors.deadletterqueue.topic.replication.factor',
  'errors.deadletterqueue.context.headers.enable',
  'file',
];

/** SMT and predicate keys (transforms.<alias>.*) are defined by the same plugins on both sides. */
const isCommonKey = (key: string) =>
  COMMON_KEYS.includes(key) ||
  ((key.startsWith('transforms.') || key.startsWith('predicates.')) && !key.endsWith('.plugin.version'));

const withoutDocumentation = (definition: Record<string, Json>) => {
  const { documentation: _documentation, ...rest } = definition;
  return rest;
};

const commonKeyInfos = (json: Json): Json =>
  Array.isArray(json)
    ? (json as Record<string, Json>[])
        .filter((key) => COMMON_KEYS.includes(String(key.name)))
        .map(withoutDocumentation)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)))
    : json;

/** See DELIBERATE_DIFFERENCES.doubleErrors. */
const withoutDoubleErrors = (value: Json): Json => {
  const v = value as { errors: string[] };
  const [first, ...rest] = v.errors;
  if (first === undefined) return v;
  return {
    ...v,
    errors: [first, ...rest.filter((e) => !e.startsWith('Invalid value null for configuration '))],
  };
};

/**
 * Recommended values of a plugin key (`transforms.x.type`) list the plugins installed: Kafka's own
 * on both sides, plus the ones only we ship (Debezium's SMTs) here (DELIBERATE_DIFFERENCES.pluginLists).
 */
const kafkaPluginsOnly = (value: Json): Json => {
  const v = value as { recommended_values?: Json[] };
  if (!Array.isArray(v.recommended_values)) return value;
  return {
    ...v,
    recommended_values: v.recommended_values.filter(
      (r) => typeof r !== 'string' || !r.startsWith('io.debezium.'),
    ),
  };
};

const commonValidation = (json: Json): Json => {
  const infos = json as {
    name: string;
    groups: string[];
    configs: { definition: Record<string, Json>; value: Json }[];
  };
  if (!infos || !Array.isArray(infos.configs)) return json;
  return {
    name: infos.name,
    groups: infos.groups,
    // Keyed by name, so a failure names the key that differs.
    configs: Object.fromEntries(
      infos.configs
        .filter((c) => isCommonKey(String(c.definition.name)))
        .map((c) => [
          String(c.definition.name),
          {
            definition: withoutDocumentation(c.definition),
            value: kafkaPluginsOnly(withoutDoubleErrors(c.value)),
          },
        ])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
  };
};

const messageUpTo = (marker: string) => (json: Json) => {
  const error = json as { error_code: number; message: string };
  const cut = error.message.indexOf(marker);
  return { ...error, message: cut < 0 ? error.message : error.message.slice(0, cut + marker.length) };
};

const state = (wanted: string, tasks?: number) => (status: number, json: Json) => {
  const info = json as { connector?: { state: string }; tasks?: { state: string }[] };
  return (
    status === 200 &&
    info.connector?.state === wanted &&
    (tasks === undefined ||
      (info.tasks?.length === tasks &&
        info.tasks.every((t) => t.state === (wanted === 'PAUSED' ? 'PAUSED' : 'RUNNING'))))
  );
};

function script(name: string, topic: string, file: string): Step[] {
  const config = { 'connector.class': 'FileStreamSink', topics: topic, file, 'tasks.max': '1' };
  const c = `/connectors/${name}`;
  const offsets = {
    offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 5 } }],
  };
  return [
    { label: 'server info', method: 'GET', path: '/', compare: 'shape' },
    { label: 'health', method: 'GET', path: '/health', compare: 'exact' },
    { label: 'no connectors', method: 'GET', path: '/connectors', compare: 'exact' },
    {
      label: 'create',
      method: 'POST',
      path: '/connectors',
      body: { name, config },
      compare: 'exact',
      responseHeaders: ['location'],
      normalize: tasksIgnored,
    },
    { label: 'create clash', method: 'POST', path: '/connectors', body: { name, config }, compare: 'exact' },
    {
      label: 'create without topics',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-bad`, config: { 'connector.class': 'FileStreamSink' } },
      compare: 'exact',
    },
    {
      label: 'create with an unknown class',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-bad`, config: { 'connector.class': 'NoSuchConnector', topics: topic } },
      compare: 'exact',
      normalize: messageUpTo('available connectors are:'),
    },
    {
      label: 'create with an empty name',
      method: 'POST',
      path: '/connectors',
      body: { name: '', config },
      compare: 'exact',
    },
    {
      label: 'create with a bad tasks.max',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-bad`, config: { ...config, 'tasks.max': '0' } },
      compare: 'exact',
    },
    {
      label: 'create with a contradicting name',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-bad`, config: { ...config, name: 'other' } },
      compare: 'exact',
    },
    {
      label: 'malformed JSON',
      method: 'POST',
      path: '/connectors',
      body: '{"name": ',
      compare: 'status',
      statuses: { ours: 400, kafka: 500, reason: DELIBERATE_DIFFERENCES.badJson },
    },
    {
      label: 'info once tasks exist',
      method: 'GET',
      path: c,
      compare: 'exact',
      settle: (status, json) => status === 200 && (json as { tasks: unknown[] }).tasks.length === 1,
    },
    { label: 'config', method: 'GET', path: `${c}/config`, compare: 'exact' },
    {
      label: 'status running',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    {
      label: 'restart only failed (none)',
      method: 'POST',
      path: `${c}/restart?includeTasks=true&onlyFailed=true`,
      compare: 'exact',
    },
    { label: 'tasks (with task.class)', method: 'GET', path: `${c}/tasks`, compare: 'exact' },
    { label: 'task status', method: 'GET', path: `${c}/tasks/0/status`, compare: 'exact' },
    { label: 'unknown task status', method: 'GET', path: `${c}/tasks/5/status`, compare: 'exact' },
    {
      label: 'leases (our addition)',
      method: 'GET',
      path: `${c}/leases`,
      compare: 'status',
      statuses: { ours: 200, kafka: 404, reason: DELIBERATE_DIFFERENCES.leasesAddition },
      addition: true,
    },
    {
      label: 'OpenAPI description (our addition)',
      method: 'GET',
      path: '/openapi.json',
      compare: 'status',
      statuses: { ours: 200, kafka: 404, reason: DELIBERATE_DIFFERENCES.leasesAddition },
      addition: true,
    },
    {
      label: 'web console (our addition)',
      method: 'GET',
      path: '/ui/',
      compare: 'status',
      statuses: { ours: 200, kafka: 404, reason: DELIBERATE_DIFFERENCES.leasesAddition },
      addition: true,
    },
    { label: 'expand both', method: 'GET', path: '/connectors?expand=status&expand=info', compare: 'exact' },
    { label: 'expand info', method: 'GET', path: '/connectors?expand=info', compare: 'exact' },
    {
      label: 'update config',
      method: 'PUT',
      path: `${c}/config`,
      body: { ...config, 'errors.tolerance': 'all' },
      compare: 'exact',
      normalize: tasksIgnored,
    },
    {
      label: 'update with a contradicting name',
      method: 'PUT',
      path: `${c}/config`,
      body: { ...config, name: 'other' },
      compare: 'exact',
    },
    {
      label: 'update with an invalid value',
      method: 'PUT',
      path: `${c}/config`,
      body: { ...config, 'errors.tolerance': 'some' },
      compare: 'exact',
    },
    {
      label: 'patch config',
      method: 'PATCH',
      path: `${c}/config`,
      body: { 'errors.tolerance': null, 'errors.log.enable': 'true' },
      compare: 'exact',
      normalize: tasksIgnored,
    },
    {
      label: 'config after patch',
      method: 'GET',
      path: `${c}/config`,
      compare: 'exact',
      settle: (_, json) => (json as Record<string, string>)['errors.log.enable'] === 'true',
    },
    { label: 'pause', method: 'PUT', path: `${c}/pause`, compare: 'exact' },
    {
      label: 'status paused',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('PAUSED', 1),
    },
    { label: 'resume', method: 'PUT', path: `${c}/resume`, compare: 'exact' },
    {
      label: 'status resumed',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'restart connector', method: 'POST', path: `${c}/restart`, compare: 'exact' },
    {
      label: 'running after restart',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    {
      label: 'restart with tasks',
      method: 'POST',
      path: `${c}/restart?includeTasks=true`,
      compare: 'exact',
    },
    {
      label: 'running after restart with tasks',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'restart task', method: 'POST', path: `${c}/tasks/0/restart`, compare: 'exact' },
    { label: 'restart unknown task', method: 'POST', path: `${c}/tasks/9/restart`, compare: 'exact' },
    {
      label: 'running after task restart',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'offsets while running', method: 'GET', path: `${c}/offsets`, compare: 'exact' },
    {
      label: 'alter offsets while running',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: offsets,
      compare: 'exact',
    },
    { label: 'reset offsets while running', method: 'DELETE', path: `${c}/offsets`, compare: 'exact' },
    { label: 'stop', method: 'PUT', path: `${c}/stop`, compare: 'exact' },
    {
      label: 'status stopped',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('STOPPED', 0),
    },
    { label: 'stopped info has no tasks', method: 'GET', path: c, compare: 'exact' },
    { label: 'stopped has no task configs', method: 'GET', path: `${c}/tasks`, compare: 'exact' },
    { label: 'alter offsets', method: 'PATCH', path: `${c}/offsets`, body: offsets, compare: 'exact' },
    {
      label: 'offsets after alter',
      method: 'GET',
      path: `${c}/offsets`,
      compare: 'exact',
      settle: (_, json) => (json as { offsets: unknown[] }).offsets.length === 1,
    },
    {
      label: 'alter offsets: empty list',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: { offsets: [] },
      compare: 'exact',
    },
    {
      label: 'alter offsets: partition without kafka_partition',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: { offsets: [{ partition: { kafka_topic: topic }, offset: { kafka_offset: 1 } }] },
      compare: 'exact',
    },
    {
      label: 'alter offsets: partition not a number',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: {
        offsets: [{ partition: { kafka_topic: topic, kafka_partition: 'x' }, offset: { kafka_offset: 1 } }],
      },
      compare: 'exact',
    },
    {
      label: 'alter offsets: offset without kafka_offset',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: { offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { other: 1 } }] },
      compare: 'exact',
    },
    { label: 'reset offsets', method: 'DELETE', path: `${c}/offsets`, compare: 'exact' },
    {
      label: 'offsets after reset',
      method: 'GET',
      path: `${c}/offsets`,
      compare: 'exact',
      settle: (_, json) => (json as { offsets: unknown[] }).offsets.length === 0,
    },
    { label: 'resume stopped', method: 'PUT', path: `${c}/resume`, compare: 'exact' },
    {
      label: 'running again',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    // PATCH offsets at once after stop: the tasks may still be finishing their batch (Kafka's herder
    // applies the stop first, and so must we: never a 5xx, the change applied whole).
    { label: 'stop again', method: 'PUT', path: `${c}/stop`, compare: 'exact' },
    {
      label: 'alter offsets right after stop',
      method: 'PATCH',
      path: `${c}/offsets`,
      body: offsets,
      compare: 'exact',
    },
    { label: 'offsets altered whole', method: 'GET', path: `${c}/offsets`, compare: 'exact' },
    { label: 'resume after the altered offsets', method: 'PUT', path: `${c}/resume`, compare: 'exact' },
    {
      label: 'running once more',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'stop once more', method: 'PUT', path: `${c}/stop`, compare: 'exact' },
    { label: 'reset offsets right after stop', method: 'DELETE', path: `${c}/offsets`, compare: 'exact' },
    { label: 'resume after the reset', method: 'PUT', path: `${c}/resume`, compare: 'exact' },
    {
      label: 'running after the reset',
      method: 'GET',
      path: `${c}/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'active topics', method: 'GET', path: `${c}/topics`, compare: 'exact' },
    { label: 'reset active topics', method: 'PUT', path: `${c}/topics/reset`, compare: 'exact' },
    { label: 'connector plugins', method: 'GET', path: '/connector-plugins', compare: 'shape' },
    {
      label: 'all plugins',
      method: 'GET',
      path: '/connector-plugins?connectorsOnly=false',
      compare: 'shape',
    },
    {
      label: "Kafka's converters in the plugin list",
      method: 'GET',
      path: '/connector-plugins?connectorsOnly=false',
      compare: 'exact',
      normalize: pluginsOf('org.apache.kafka.connect.converters.', 'org.apache.kafka.connect.storage.'),
    },
    ...[
      'org.apache.kafka.connect.converters.IntegerConverter',
      'org.apache.kafka.connect.converters.BooleanConverter',
      'org.apache.kafka.connect.converters.DoubleConverter',
    ].map(
      (converter): Step => ({
        label: `validate with ${converter} as key, value and header converter`,
        method: 'PUT',
        path: '/connector-plugins/FileStreamSink/config/validate',
        body: {
          'connector.class': 'FileStreamSink',
          name: 'v',
          topics: topic,
          'key.converter': converter,
          'value.converter': converter,
          'header.converter': converter,
        },
        compare: 'exact',
        normalize: (json) => {
          const infos = json as {
            error_count: number;
            configs: { value: { name: string; errors: string[] } }[];
          };
          return {
            error_count: infos.error_count,
            converterErrors: infos.configs
              .filter((c) => c.value.name.endsWith('.converter'))
              .map((c) => [c.value.name, c.value.errors]),
          };
        },
      }),
    ),
    {
      label: 'plugin config',
      method: 'GET',
      path: '/connector-plugins/FileStreamSink/config',
      compare: 'exact',
      normalize: commonKeyInfos,
    },
    {
      label: 'validate',
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      body: { 'connector.class': 'FileStreamSink', topics: topic, 'tasks.max': '0', 'errors.tolerance': 'x' },
      compare: 'exact',
      normalize: commonValidation,
    },
    {
      label: 'validate without topics',
      method: 'PUT',
      path: '/connector-plugins/FileStreamSinkConnector/config/validate',
      body: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', name: 'v' },
      compare: 'exact',
      normalize: commonValidation,
    },
    {
      label: 'validate by full class name with an alias in the body',
      method: 'PUT',
      path: '/connector-plugins/org.apache.kafka.connect.file.FileStreamSinkConnector/config/validate',
      body: { 'connector.class': 'FileStreamSinkConnector', topics: topic, name: 'v' },
      compare: 'exact',
    },
    {
      label: 'validate transforms and predicates',
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      body: {
        'connector.class': 'FileStreamSink',
        name: 'v',
        topics: topic,
        transforms: 'ins,mask,bad',
        'transforms.ins.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
        'transforms.ins.static.field': 'origin',
        'transforms.ins.predicate': 'isOrders',
        'transforms.mask.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
        'transforms.bad.type': 'org.example.NoSuchTransform',
        predicates: 'isOrders',
        'predicates.isOrders.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
        'predicates.isOrders.pattern': 'orders.*',
      },
      compare: 'exact',
      normalize: commonValidation,
    },
    {
      label: 'validate a contradicting class',
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      body: { 'connector.class': 'Other', topics: topic },
      compare: 'exact',
    },
    {
      label: 'validate without connector.class',
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      body: { topics: topic },
      compare: 'status',
      statuses: { ours: 400, kafka: 500, reason: DELIBERATE_DIFFERENCES.noConnectorType },
    },
    {
      label: 'unknown plugin config',
      method: 'GET',
      path: '/connector-plugins/NoSuchPlugin/config',
      compare: 'exact',
    },
    // Unknown names, each with the wording Kafka uses for that endpoint.
    ...(
      [
        ['GET', ''],
        ['GET', '/config'],
        ['GET', '/status'],
        ['GET', '/tasks'],
        ['GET', '/tasks/0/status'],
        ['PUT', '/pause'],
        ['PUT', '/resume'],
        ['PUT', '/stop'],
        ['POST', '/restart'],
        ['POST', '/restart?includeTasks=true'],
        ['POST', '/tasks/0/restart'],
        ['GET', '/offsets'],
        ['DELETE', '/offsets'],
        ['GET', '/topics'],
        ['DELETE', ''],
      ] as const
    ).map(
      ([method, suffix]): Step => ({
        label: `unknown connector ${method} ${suffix || '/'}`,
        method,
        path: `/connectors/${name}-nope${suffix}`,
        compare: 'exact',
      }),
    ),
    {
      label: 'unknown connector PUT config body',
      method: 'PATCH',
      path: `/connectors/${name}-nope/config`,
      body: { 'tasks.max': '2' },
      compare: 'exact',
    },
    { label: 'expand status', method: 'GET', path: '/connectors?expand=status', compare: 'exact' },
    {
      label: 'create with PUT',
      method: 'PUT',
      path: `${c}-put/config`,
      body: config,
      compare: 'exact',
      responseHeaders: ['location'],
      normalize: tasksIgnored,
    },
    { label: 'delete the PUT one', method: 'DELETE', path: `${c}-put`, compare: 'exact' },
    {
      label: 'create paused',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-paused`, config, initial_state: 'PAUSED' },
      compare: 'exact',
      normalize: tasksIgnored,
    },
    {
      label: 'created paused',
      method: 'GET',
      path: `${c}-paused/status`,
      compare: 'exact',
      settle: state('PAUSED', 0),
    },
    { label: 'resume the created paused one', method: 'PUT', path: `${c}-paused/resume`, compare: 'exact' },
    {
      label: 'created paused, resumed',
      method: 'GET',
      path: `${c}-paused/status`,
      compare: 'exact',
      settle: state('RUNNING', 1),
    },
    { label: 'delete the paused one', method: 'DELETE', path: `${c}-paused`, compare: 'exact' },
    {
      label: 'create stopped',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name}-stopped`, config, initial_state: 'STOPPED' },
      compare: 'exact',
    },
    {
      label: 'created stopped',
      method: 'GET',
      path: `${c}-stopped/status`,
      compare: 'exact',
      settle: state('STOPPED', 0),
    },
    { label: 'delete the stopped one', method: 'DELETE', path: `${c}-stopped`, compare: 'exact' },
    {
      label: 'create with a unicode name',
      method: 'POST',
      path: '/connectors',
      body: { name: `${name} ü`, config },
      compare: 'exact',
      normalize: tasksIgnored,
    },
    {
      label: 'read the unicode name',
      method: 'GET',
      path: `/connectors/${encodeURIComponent(`${name} ü`)}/config`,
      compare: 'exact',
    },
    {
      label: 'delete the unicode name',
      method: 'DELETE',
      path: `/connectors/${encodeURIComponent(`${name} ü`)}`,
      compare: 'exact',
    },
    { label: 'delete', method: 'DELETE', path: c, compare: 'exact' },
    { label: 'gone', method: 'GET', path: c, compare: 'exact' },
    { label: 'delete again', method: 'DELETE', path: c, compare: 'exact' },
    { label: 'empty again', method: 'GET', path: '/connectors', compare: 'exact' },
    { label: 'unknown path', method: 'GET', path: '/no/such/path', compare: 'exact' },
    { label: 'wrong method', method: 'DELETE', path: '/connectors', compare: 'exact' },
    { label: 'non-numeric task id', method: 'GET', path: `${c}/tasks/abc/status`, compare: 'exact' },
    // Content negotiation (Jersey's @Consumes/@Produces), checked before the connector is looked up.
    ...(
      [
        ['POST', '/connectors', { 'content-type': 'text/plain' }, { name: `${name}-text`, config }],
        ['POST', '/connectors', {}, { name: `${name}-untyped`, config }],
        [
          'POST',
          '/connectors',
          { 'content-type': 'application/merge-patch+json' },
          { name: `${name}-m`, config },
        ],
        ['PUT', `${c}-text/config`, { 'content-type': 'text/plain' }, config],
        ['PATCH', `${c}/config`, { 'content-type': 'text/plain' }, { 'tasks.max': '2' }],
        ['PATCH', `${c}/offsets`, { 'content-type': 'text/plain' }, { offsets: [] }],
        [
          'PUT',
          '/connector-plugins/FileStreamSink/config/validate',
          { 'content-type': 'text/plain' },
          config,
        ],
        ['PUT', `${c}/pause`, { 'content-type': 'application/x-www-form-urlencoded' }, undefined],
        ['GET', '/connectors', { 'content-type': 'text/plain' }, undefined],
        ['DELETE', `${c}-nope`, { 'content-type': 'text/plain' }, undefined],
        ['GET', '/connector-plugins', { 'content-type': 'text/plain' }, undefined],
        ['GET', '/health', { 'content-type': 'text/plain; charset=utf-8' }, undefined],
        ['GET', '/health', { 'content-type': 'text/plain' }, undefined],
        ['GET', '/connectors', { accept: 'application/xml' }, undefined],
        ['GET', '/connectors', { accept: 'text/html, application/json;q=0.5' }, undefined],
        ['GET', '/connectors', { accept: 'application/*' }, undefined],
        ['GET', `${c}-nope`, { accept: 'text/plain' }, undefined],
        ['GET', '/', { accept: 'application/xml' }, undefined],
        ['GET', '/health', { accept: 'text/html' }, undefined],
        ['GET', '/no/such/path', { accept: 'application/xml' }, undefined],
        ['DELETE', '/connectors', { 'content-type': 'text/plain' }, undefined],
        ['POST', '/connectors', { 'content-type': 'text/plain', accept: 'application/xml' }, 'x'],
        ['GET', `${c}-nope`, { 'content-type': 'application/json' }, undefined],
      ] as const
    ).map(
      ([method, path, headers, body]): Step => ({
        label: `${method} ${path} with ${JSON.stringify(headers)}`,
        method,
        path,
        headers,
        ...(body === undefined ? {} : { body }),
        compare: 'exact',
      }),
    ),
    {
      label: 'nothing created with a bad content type',
      method: 'GET',
      path: '/connectors',
      compare: 'exact',
    },
    // Names with odd characters: created, addressed and deleted the same way on both sides.
    ...["o'dd (name) $x & y=z; @a:b!*+,", 'ünï cödé ✓', 'per%cent', 'tab\there'].flatMap((odd): Step[] => {
      const path = `/connectors/${encodeURIComponent(`${name}-${odd}`)}`;
      return [
        {
          label: `create "${odd}"`,
          method: 'POST',
          path: '/connectors',
          body: { name: `${name}-${odd}`, config },
          compare: 'exact',
          responseHeaders: ['location'],
          normalize: tasksIgnored,
        },
        ...(
          [
            ['config of', 'GET', `${path}/config`],
            ['delete', 'DELETE', path],
          ] as const
        ).map(
          ([what, method, target]): Step =>
            // Jetty refuses an encoded '%' or control character in the path: such a name can be
            // created on both sides and addressed on neither.
            odd.includes('%') || odd.includes('\t')
              ? {
                  label: `${what} "${odd}" (refused target)`,
                  method,
                  path: target,
                  compare: 'statusOnly',
                  statuses: { ours: 400, kafka: 400, reason: DELIBERATE_DIFFERENCES.htmlErrors },
                }
              : { label: `${what} "${odd}"`, method, path: target, compare: 'exact' },
        ),
      ];
    }),
    // Request targets Jetty refuses (or reads its own way) before Kafka's code runs. (An encoded dot
    // segment cannot be sent from here: fetch resolves %2e%2e as '..' itself.)
    ...[
      `${c}%2Fconfig`,
      `/connectors/a%2fb/config`,
      '//connectors',
      '/connectors//',
      '/connectors/a%5Cb',
      '/connectors/%25',
      '/connectors/%FF',
      '/connectors/%zz',
      '/connectors/a%00b',
    ].map(
      (path): Step => ({
        label: `refused target ${path}`,
        method: 'GET',
        path,
        compare: 'statusOnly',
        statuses: { ours: 400, kafka: 400, reason: DELIBERATE_DIFFERENCES.htmlErrors },
      }),
    ),
    // KIP-495 on loggers only this run touches (the worker's own loggers differ: ours are not Log4j's).
    ...loggerSteps(name.replace(/-/g, '.')),
    { label: 'trailing slash', method: 'GET', path: '/connectors/', compare: 'exact' },
    {
      label: 'matrix parameter',
      method: 'GET',
      path: `/connectors/${name}-nope;x=1/config`,
      compare: 'exact',
    },
    { label: 'encoded semicolon', method: 'GET', path: `/connectors/${name}-a%3Bb`, compare: 'exact' },
  ];
}

function loggerSteps(logger: string): Step[] {
  const put = (target: string, level: unknown, label: string, query = ''): Step => ({
    label,
    method: 'PUT',
    path: `/admin/loggers/${target}${query}`,
    body: { level },
    compare: 'exact',
  });
  return [
    { label: 'root logger', method: 'GET', path: '/admin/loggers/root', compare: 'shape' },
    { label: 'unknown logger', method: 'GET', path: `/admin/loggers/${logger}.none`, compare: 'exact' },
    put(`${logger}.a.b`, 'DEBUG', 'set a logger'),
    put(`${logger}.a.b`, 'debug', 'set it again (nothing changes)'),
    { label: 'read it back', method: 'GET', path: `/admin/loggers/${logger}.a.b`, compare: 'exact' },
    put(`${logger}.a.c`, 'TRACE', 'set a sibling'),
    put(`${logger}.a`, 'warn', 'set the parent: its known children follow'),
    { label: 'child after parent', method: 'GET', path: `/admin/loggers/${logger}.a.c`, compare: 'exact' },
    {
      label: "the run's loggers in the list",
      method: 'GET',
      path: '/admin/loggers',
      compare: 'exact',
      normalize: (json) =>
        Object.fromEntries(
          Object.entries(json as Record<string, Json>).filter(([k]) => k.startsWith(logger)),
        ),
    },
    put(`${logger}.a`, 'LOUD', 'invalid level'),
    put(`${logger}.a`, 5, 'level not a string'),
    {
      label: 'no level',
      method: 'PUT',
      path: `/admin/loggers/${logger}.a`,
      body: {},
      compare: 'exact',
    },
    put(`${logger}.z`, 'ERROR', 'cluster scope', '?scope=cluster'),
    { label: 'DELETE a logger', method: 'DELETE', path: `/admin/loggers/${logger}.a`, compare: 'exact' },
    {
      label: 'logger level as text/plain',
      method: 'PUT',
      path: `/admin/loggers/${logger}.a`,
      headers: { 'content-type': 'text/plain' },
      body: { level: 'INFO' },
      compare: 'exact',
    },
  ];
}

interface Answer {
  readonly status: number;
  readonly json: Json;
  readonly headers: Record<string, string | null>;
}

async function send(base: string, step: Step): Promise<Answer> {
  const body =
    step.body === undefined
      ? undefined
      : typeof step.body === 'string'
        ? step.body
        : JSON.stringify(step.body);
  const response = await fetch(base + step.path, {
    method: step.method,
    headers: step.headers ?? { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  const headers = Object.fromEntries(
    (step.responseHeaders ?? []).map((name) => [
      name,
      response.headers.get(name)?.replace(base, '<base>') ?? null,
    ]),
  );
  return { status: response.status, json, headers };
}

/** Sends until the step's condition holds; Kafka's answers during a rebalance are retried too. */
async function answer(base: string, step: Step, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await send(base, step);
    // Kafka answers 409 while it rebalances, and 500 when a rebalance is expected; both pass.
    const rebalancing =
      (result.status === 409 || result.status === 500) && /rebalance/i.test(JSON.stringify(result.json));
    const settled = !rebalancing && (step.settle === undefined || step.settle(result.status, result.json));
    if (settled || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function comparable(step: Step, result: Answer): Json {
  const normalized = volatile(step.normalize ? step.normalize(result.json) : result.json);
  switch (step.compare) {
    case 'exact':
      return { status: result.status, json: normalized, headers: result.headers };
    case 'shape':
      return { status: result.status, json: shape(normalized) };
    case 'status':
      return { status: result.status, json: shape(normalized) };
    case 'statusOnly':
      return { status: result.status };
  }
}

describe('REST conformance with Apache Kafka Connect 4.1', () => {
  let kafka: KafkaConnectWorker | undefined;
  let ours: RestServer | undefined;
  let runtime: LocalRuntime | undefined;
  let running: Promise<void> | undefined;
  const name = uniqueName('conf');
  const topic = uniqueName('conf-topic');
  let file = '';

  beforeAll(async () => {
    await createTopic(topic, 1);
    file = path.join(await mkdtemp(path.join(tmpdir(), 'conformance-')), 'sink.txt');
    const configs = await MemoryConfigStore.open();
    const statuses = await MemoryStatusStore.open();
    const leases = new MemoryLeaseStore();
    const ourRuntime = testRuntime({ configs, leases, statuses, workerId: 'conformance' });
    runtime = ourRuntime;
    running = ourRuntime.run();
    const service = new ConnectorService({
      configs,
      statuses,
      leases,
      trigger: new InProcessCoordinatorTrigger(() => ourRuntime.reconcileSoon()),
      plugins: builtinPlugins(),
      kafkaClusterId: async () => 'local',
      workerId: 'conformance',
      loggerLevels: new LoggerLevels('info'),
    });
    ours = await startRestServer({ service, port: 0 });
    kafka = await startKafkaConnectWorker();
  });

  afterAll(async () => {
    await ours?.close();
    await runtime?.stop();
    await running;
    await kafka?.stop();
  });

  it('answers the scripted sequence as Kafka Connect does', async () => {
    const mismatches: string[] = [];
    // Every answer of ours must also be what docs/openapi.json describes.
    const describedAs = openApiValidator();
    const undescribed: string[] = [];
    for (const step of script(name, topic, file)) {
      const started = Date.now();
      const [mine, theirs] = await Promise.all([answer(ours!.url, step), answer(kafka!.url, step)]);
      if (Date.now() - started > 5000) console.error(`slow step: ${step.label} ${Date.now() - started} ms`);
      if (!step.path.startsWith('/ui'))
        undescribed.push(
          ...describedAs(step.method, step.path, mine.status, mine.json).map((p) => `${step.label}: ${p}`),
        );
      if (step.statuses) {
        expect({ step: step.label, ours: mine.status, kafka: theirs.status }).toEqual({
          step: step.label,
          ours: step.statuses.ours,
          kafka: step.statuses.kafka,
        });
        // Whatever the code, an error is in Kafka's shape on both sides (ours always is).
        if (step.compare === 'statusOnly')
          expect(mine.json).toMatchObject({ error_code: mine.status, message: expect.any(String) });
        else if (!step.addition) expect(shape(mine.json)).toEqual(shape(theirs.json));
        continue;
      }
      const a = comparable(step, mine);
      const b = comparable(step, theirs);
      if (JSON.stringify(a) !== JSON.stringify(b) && !isDeepEqual(a, b)) {
        mismatches.push(`${step.label} (${step.method} ${step.path})\n${differences(a, b).join('\n')}`);
      }
    }
    if (mismatches.length > 0)
      console.error(`${mismatches.length} mismatches:\n${mismatches.join('\n')}\n${await kafka!.logTail(5)}`);
    expect(mismatches).toEqual([]);
    expect(undescribed).toEqual([]);
  });
});

/** Paths where two JSON values differ, with both values, for readable failure messages. */
function differences(a: Json, b: Json, at = '$'): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences((a as Record<string, Json>)[key], (b as Record<string, Json>)[key], `${at}.${key}`),
    );
  }
  return [`  ${at}\n    ours:  ${JSON.stringify(a)}\n    kafka: ${JSON.stringify(b)}`];
}

function isDeepEqual(a: Json, b: Json): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
