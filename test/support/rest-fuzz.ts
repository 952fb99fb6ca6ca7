// Generators of hostile REST requests (malformed JSON, wrong types, huge bodies, unicode and
// path-traversal names, odd methods and queries) and a snapshot of every store, for fuzz tests.
import fc from 'fast-check';
import type { LeaseStore } from '../../shared/leases/lease.ts';
import { MAX_BODY_BYTES } from '../../shared/runtime/management/rest-router.ts';
import type { ConfigStore } from '../../shared/runtime/stores/config-store.ts';
import type { StatusStore } from '../../shared/runtime/stores/status-store.ts';

/** The request headers of a JSON body (a body without them gets 415, as in Kafka). */
export const JSON_BODY = { 'content-type': 'application/json' };

export const validConfig = { 'connector.class': 'FileStreamSink', topics: 'orders', file: '/tmp/fuzz-out' };

export const nastyNames = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '.',
    '..',
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e',
    '%',
    '%zz',
    'a/b',
    'a%2Fb',
    'con\u0000nul',
    '\u202e\u0645\u0631\u062d\u0628\u0627',
    '😀',
    'a#b',
    'connectors',
    'x'.repeat(3000),
    'ok',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const configValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

export const configs = fc.oneof(
  fc.constant(validConfig),
  fc.record({
    'connector.class': fc.constantFrom('FileStreamSink', 'Nope', ''),
    topics: fc.string({ maxLength: 10 }),
  }),
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('connector.class', 'topics', 'tasks.max', 'name', 'file', 'transforms'),
      fc.string(),
    ),
    configValue,
    { maxKeys: 6 },
  ),
);

export const bodies = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{', '{"name":', '[', 'null', 'true', '1e999', '"\\ud800"', '{"a":1}{"b":2}', '\u0000'),
  fc
    .record({ name: fc.oneof(nastyNames, fc.integer(), fc.constant(null)), config: configs })
    .map((b) => JSON.stringify(b)),
  fc
    .record({
      name: nastyNames,
      config: configs,
      initial_state: fc.oneof(fc.string(), fc.integer(), fc.constant('STOPPED')),
    })
    .map((b) => JSON.stringify(b)),
  configs.map((c) => JSON.stringify(c)),
  fc
    .record({
      offsets: fc.oneof(
        fc.constant([]),
        fc.array(
          fc.record({
            partition: fc.oneof(
              fc.record({
                kafka_topic: fc.oneof(fc.string(), fc.integer()),
                kafka_partition: fc.oneof(fc.integer(), fc.string()),
              }),
              fc.json(),
            ),
            offset: fc.oneof(
              fc.record({ kafka_offset: fc.oneof(fc.integer(), fc.string(), fc.double()) }),
              fc.constant(null),
              fc.json(),
            ),
          }),
          { maxLength: 3 },
        ),
        fc.json(),
      ),
    })
    .map((b) => JSON.stringify(b)),
  // Huge bodies, just under and over the limit.
  fc
    .constantFrom(MAX_BODY_BYTES - 100, MAX_BODY_BYTES + 1)
    .map((size) => JSON.stringify({ name: 'huge', config: { ...validConfig, big: 'x'.repeat(size) } })),
);

const encodings = fc.constantFrom(
  (s: string) => encodeURIComponent(s),
  (s: string) => s,
  (s: string) => encodeURI(s),
);

export const paths = fc
  .tuple(
    fc.constantFrom(
      '/',
      '/connectors',
      '/connectors/{n}',
      '/connectors/{n}/config',
      '/connectors/{n}/status',
      '/connectors/{n}/tasks',
      '/connectors/{n}/tasks/{t}/status',
      '/connectors/{n}/tasks/{t}/restart',
      '/connectors/{n}/restart',
      '/connectors/{n}/pause',
      '/connectors/{n}/resume',
      '/connectors/{n}/stop',
      '/connectors/{n}/offsets',
      '/connectors/{n}/topics',
      '/connectors/{n}/topics/reset',
      '/connector-plugins',
      '/connector-plugins/{n}/config',
      '/connector-plugins/{n}/config/validate',
      '/connector-plugins/FileStreamSink/config/validate',
      '/{n}',
      '//connectors//{n}//',
    ),
    nastyNames,
    encodings,
    fc.oneof(fc.integer({ min: -5, max: 5 }).map(String), fc.string({ maxLength: 4 })),
    fc.oneof(
      fc.constant(''),
      fc.constantFrom(
        '?expand=status',
        '?expand=info&expand=status',
        '?includeTasks=true&onlyFailed=true',
        '?connectorsOnly=false',
        '?%zz=1',
        '?expand',
      ),
      fc.string({ maxLength: 10 }).map((q) => `?${q}`),
    ),
  )
  .map(
    ([template, name, encode, task, query]) =>
      template.replace('{n}', encode(name)).replace('{t}', encodeURIComponent(task)) + query,
  );

export const methods = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'get',
  'TRACE',
);

/** Everything the stores hold about every connector, as comparable text. */
export async function snapshot(rest: {
  configs: ConfigStore;
  statuses: StatusStore;
  leases: LeaseStore;
}): Promise<string> {
  const names = await rest.configs.list();
  const state = [];
  for (const name of names) {
    state.push({
      record: await rest.configs.get(name),
      restarts: (await rest.configs.restartRequests(name)).map((r) => [r.includeTasks, r.onlyFailed, r.task]),
      connector: await rest.statuses.connectorStatus(name),
      tasks: await rest.statuses.taskStatuses(name),
      topics: await rest.statuses.activeTopics(name),
      leases: await rest.leases.list(name),
    });
  }
  return JSON.stringify({ names, state });
}
