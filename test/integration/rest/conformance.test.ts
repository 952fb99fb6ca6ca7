// REST conformance: one scripted sequence of requests goes to Apache Kafka Connect 4.1's own
// distributed worker and to ours (the router on memory stores, served by the standalone REST
// server); status codes and JSON must agree. Volatile fields (worker ids, plugin versions) are
// normalised; where we differ on purpose, the step says how and why (DELIBERATE_DIFFERENCES).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RestServer, startRestServer } from '../../../shared/standalone/rest-server.ts';
import { createTopic } from '../../support/kafka.ts';
import { type KafkaConnectWorker, startKafkaConnectWorker } from '../../support/kafka-connect-worker.ts';
import { uniqueName } from '../../support/local.ts';
import { restFixture } from '../../support/rest.ts';

type Json = unknown;
type Compare = 'exact' | 'shape' | 'status';

interface Step {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
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
  taskClass:
    "Task configs: Kafka adds 'task.class' (a Java class); our plugins have no task class, so the key is absent.",
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
    "GET /connectors/{name}/leases is serverless-connect's one read-only addition (the lease map: owners, epochs, offsets, lag per partition, the autoscaler's history; Kafka Connect has no such view), and /ui/ serves the web console; Kafka answers 404 for both.",
  noConnectorType:
    "Validate without connector.class: Kafka answers 500 (a wrapped BadRequestException); we answer 400 with Kafka's message.",
} as const;

const volatile = (json: Json): Json => {
  if (Array.isArray(json)) return json.map(volatile);
  if (json && typeof json === 'object') {
    const result: Record<string, Json> = {};
    for (const [key, value] of Object.entries(json)) {
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

const withoutTaskClass = (json: Json): Json =>
  Array.isArray(json)
    ? json.map((task: { id: Json; config: Record<string, string> }) => {
        const { 'task.class': _taskClass, ...config } = task.config;
        return { ...task, config };
      })
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
    { label: 'tasks', method: 'GET', path: `${c}/tasks`, compare: 'exact', normalize: withoutTaskClass },
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
  ];
}

interface Answer {
  readonly status: number;
  readonly json: Json;
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
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Sends until the step's condition holds; Kafka's 409 "rebalance in progress" is retried too. */
async function answer(base: string, step: Step, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await send(base, step);
    const rebalancing = result.status === 409 && /rebalance/i.test(JSON.stringify(result.json));
    const settled = !rebalancing && (step.settle === undefined || step.settle(result.status, result.json));
    if (settled || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function comparable(step: Step, result: Answer): Json {
  const normalized = volatile(step.normalize ? step.normalize(result.json) : result.json);
  switch (step.compare) {
    case 'exact':
      return { status: result.status, json: normalized };
    case 'shape':
      return { status: result.status, json: shape(normalized) };
    case 'status':
      return { status: result.status, json: shape(normalized) };
  }
}

describe('REST conformance with Apache Kafka Connect 4.1', () => {
  let kafka: KafkaConnectWorker | undefined;
  let ours: RestServer | undefined;
  const name = uniqueName('conf');
  const topic = uniqueName('conf-topic');
  let file = '';

  beforeAll(async () => {
    await createTopic(topic, 1);
    file = path.join(await mkdtemp(path.join(tmpdir(), 'conformance-')), 'sink.txt');
    const rest = await restFixture({ mirror: true, mirrorDelayMs: 20, kafkaClusterId: async () => 'local' });
    ours = await startRestServer({ service: rest.service, port: 0 });
    kafka = await startKafkaConnectWorker();
  });

  afterAll(async () => {
    await ours?.close();
    await kafka?.stop();
  });

  it('answers the scripted sequence as Kafka Connect does', async () => {
    const mismatches: string[] = [];
    for (const step of script(name, topic, file)) {
      const started = Date.now();
      const [mine, theirs] = await Promise.all([answer(ours!.url, step), answer(kafka!.url, step)]);
      if (Date.now() - started > 5000) console.error(`slow step: ${step.label} ${Date.now() - started} ms`);
      if (step.statuses) {
        expect({ step: step.label, ours: mine.status, kafka: theirs.status }).toEqual({
          step: step.label,
          ours: step.statuses.ours,
          kafka: step.statuses.kafka,
        });
        // Whatever the code, an error is in Kafka's shape on both sides.
        if (!step.addition) expect(shape(mine.json)).toEqual(shape(theirs.json));
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
