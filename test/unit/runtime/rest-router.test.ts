import { describe, expect, it } from 'vitest';
import { STALE_CONFIG_MESSAGE } from '../../../shared/runtime/management/connector-service.ts';
import { MAX_BODY_BYTES } from '../../../shared/runtime/management/rest-router.ts';
import { restFixture } from '../../support/rest.ts';

const fileSink = (extra: Record<string, string> = {}) => ({
  'connector.class': 'FileStreamSink',
  topics: 'orders',
  file: '/tmp/out.txt',
  ...extra,
});

describe('REST router: connectors', () => {
  it('creates, lists, reads and deletes a connector with Kafka shapes and codes', async () => {
    const rest = await restFixture({ mirror: true });
    const created = await rest.call('POST', '/connectors', {
      name: 'a',
      config: fileSink({ 'tasks.max': '3' }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      name: 'a',
      config: { ...fileSink({ 'tasks.max': '3' }), name: 'a' },
      // The file sink makes one task whatever tasks.max says.
      tasks: [{ connector: 'a', task: 0 }],
      type: 'sink',
    });
    expect(rest.triggered).toContain('a');

    expect((await rest.call('GET', '/connectors')).json).toEqual(['a']);
    expect((await rest.call('GET', '/connectors/a/config')).json).toEqual({
      ...fileSink({ 'tasks.max': '3' }),
      name: 'a',
    });
    const tasks = await rest.call('GET', '/connectors/a/tasks');
    expect(tasks.json).toEqual([
      { id: { connector: 'a', task: 0 }, config: expect.objectContaining({ file: '/tmp/out.txt' }) },
    ]);
    const status = await rest.call('GET', '/connectors/a/status');
    expect(status.json).toEqual({
      name: 'a',
      connector: { state: 'RUNNING', worker_id: 'test-worker', version: expect.any(String) },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: 'test-worker', version: expect.any(String) }],
      type: 'sink',
    });
    expect((await rest.call('GET', '/connectors/a/tasks/0/status')).json).toMatchObject({
      id: 0,
      state: 'RUNNING',
    });

    const both = await rest.call('GET', '/connectors?expand=status&expand=info');
    expect(Object.keys((both.json as Record<string, object>).a!).sort()).toEqual(['info', 'status']);
    const onlyInfo = await rest.call('GET', '/connectors?expand=info');
    expect(Object.keys((onlyInfo.json as Record<string, object>).a!)).toEqual(['info']);

    expect((await rest.call('DELETE', '/connectors/a')).status).toBe(204);
    expect((await rest.call('GET', '/connectors')).json).toEqual([]);
    expect(await rest.statuses.connectorStatus('a')).toBeUndefined();
  });

  it('answers 409 for a clash, 404 for unknown names, with Kafka messages', async () => {
    const rest = await restFixture();
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    const clash = await rest.call('POST', '/connectors', { name: 'a', config: fileSink({ file: '/other' }) });
    expect(clash.status).toBe(409);
    expect(clash.json).toEqual({ error_code: 409, message: 'Connector a already exists' });
    expect((await rest.configs.get('a'))?.config.file).toBe('/tmp/out.txt');

    const cases: [string, string, string][] = [
      ['GET', '/connectors/x', 'Connector x not found'],
      ['GET', '/connectors/x/config', 'Connector x not found'],
      ['GET', '/connectors/x/tasks', 'Connector x not found'],
      ['GET', '/connectors/x/status', 'No status found for connector x'],
      ['GET', '/connectors/a/tasks/7/status', 'No status found for task a-7'],
      ['DELETE', '/connectors/x', 'Connector x not found'],
      ['PUT', '/connectors/x/pause', 'Unknown connector x'],
      ['PUT', '/connectors/x/resume', 'Unknown connector x'],
      ['PUT', '/connectors/x/stop', 'Unknown connector x'],
      ['POST', '/connectors/x/restart', 'Unknown connector: x'],
      ['POST', '/connectors/x/tasks/0/restart', 'Unknown connector: x'],
      ['POST', '/connectors/a/tasks/3/restart', 'Unknown task: a-3'],
      ['GET', '/connectors/x/offsets', 'Connector x not found'],
      ['DELETE', '/connectors/x/offsets', 'Connector x not found'],
      ['GET', '/connector-plugins/Nope/config', 'Unknown plugin Nope.'],
      ['GET', '/nothing/here', 'HTTP 404 Not Found'],
    ];
    for (const [method, path, message] of cases) {
      const response = await rest.call(method, path);
      expect({ path, status: response.status, json: response.json }).toEqual({
        path,
        status: 404,
        json: { error_code: 404, message },
      });
    }
    expect((await rest.call('DELETE', '/connectors')).status).toBe(405);
  });

  it('refuses invalid configs with every error listed and stores nothing', async () => {
    const rest = await restFixture();
    const missingTopics = await rest.call('POST', '/connectors', {
      name: 'a',
      config: { 'connector.class': 'FileStreamSink', 'tasks.max': 'x' },
    });
    expect(missingTopics.status).toBe(400);
    expect((missingTopics.json as { message: string }).message).toBe(
      'Connector configuration is invalid and contains the following 3 error(s):\n' +
        'Invalid value x for configuration tasks.max: Not a number of type INT\n' +
        'Must configure one of topics or topics.regex\n' +
        'Must configure one of topics or topics.regex\n' +
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    );
    const unknownClass = await rest.call('POST', '/connectors', {
      name: 'a',
      config: { 'connector.class': 'Nope', topics: 't' },
    });
    expect(unknownClass.status).toBe(400);
    expect((unknownClass.json as { message: string }).message).toMatch(
      /^Failed to find any class that implements Connector and which name matches Nope/,
    );
    const empty = await rest.call('POST', '/connectors', { name: '', config: fileSink() });
    expect((empty.json as { message: string }).message).toContain(
      'Invalid value  for configuration name: String may not be empty',
    );
    const mismatch = await rest.call('PUT', '/connectors/a/config', fileSink({ name: 'b' }));
    expect(mismatch.json).toEqual({
      error_code: 400,
      message: "Connector name configuration (b) doesn't match connector name in the URL (a)",
    });
    expect(await rest.configs.list()).toEqual([]);
    expect(rest.triggered).toEqual([]);
  });

  it('creates with PUT (201), then updates (200), and patches with null removing keys', async () => {
    const rest = await restFixture();
    expect((await rest.call('PUT', '/connectors/a/config', fileSink())).status).toBe(201);
    const updated = await rest.call('PUT', '/connectors/a/config', fileSink({ topics: 'b' }));
    expect(updated.status).toBe(200);
    expect((await rest.configs.get('a'))?.version).toBe(2);
    const patched = await rest.call('PATCH', '/connectors/a/config', { file: null, 'tasks.max': 2 });
    expect(patched.status).toBe(200);
    expect((patched.json as { config: object }).config).toEqual({
      'connector.class': 'FileStreamSink',
      topics: 'b',
      'tasks.max': '2',
      name: 'a',
    });
    const badPatch = await rest.call('PATCH', '/connectors/a/config', { 'tasks.max': 'x' });
    expect(badPatch.status).toBe(400);
    expect((await rest.configs.get('a'))?.config['tasks.max']).toBe('2');
    expect((await rest.call('PATCH', '/connectors/zz/config', { a: 'b' })).status).toBe(404);
  });

  it('honours initial_state and keeps a stopped connector without tasks', async () => {
    const rest = await restFixture({ mirror: true });
    const created = await rest.call('POST', '/connectors', {
      name: 'a',
      config: fileSink(),
      initial_state: 'STOPPED',
    });
    expect((created.json as { tasks: unknown[] }).tasks).toEqual([]);
    expect((await rest.call('GET', '/connectors/a/status')).json).toMatchObject({
      connector: { state: 'STOPPED' },
      tasks: [],
    });
    expect((await rest.call('PUT', '/connectors/a/resume')).status).toBe(202);
    expect((await rest.call('GET', '/connectors/a/tasks')).json).toHaveLength(1);
    // Created PAUSED: no tasks until resumed, as in Kafka.
    const paused = await rest.call('POST', '/connectors', {
      name: 'p',
      config: fileSink(),
      initial_state: 'PAUSED',
    });
    expect((paused.json as { tasks: unknown[] }).tasks).toEqual([]);
    await rest.call('PUT', '/connectors/p/resume');
    expect((await rest.call('GET', '/connectors/p/tasks')).json).toHaveLength(1);
    const bad = await rest.call('POST', '/connectors', {
      name: 'b',
      config: fileSink(),
      initial_state: 'SLEEPING',
    });
    expect(bad.status).toBe(400);
  });
});

describe('REST router: concurrent writers', () => {
  it("answers 409 with Kafka's message when a write keeps losing the compare-and-set", async () => {
    const rest = await restFixture({ maxWriteAttempts: 3 });
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    let attempts = 0;
    const update = rest.configs.update.bind(rest.configs);
    // Another writer wins every race: bump the version just before each of our writes.
    rest.configs.update = async (name, expected, changes, now) => {
      attempts++;
      const current = (await rest.configs.get(name))!;
      await update(name, current.version, {}, now);
      return update(name, expected, changes, now);
    };
    const response = await rest.call('PUT', '/connectors/a/pause');
    expect(response.json).toEqual({ error_code: 409, message: STALE_CONFIG_MESSAGE });
    expect(attempts).toBe(3);
    rest.configs.update = update;
    expect((await rest.configs.get('a'))?.targetState).toBe('RUNNING');
  });
});

describe('REST router: target state, restarts, offsets, topics', () => {
  it('pauses (202), resumes (202) and stops (204)', async () => {
    const rest = await restFixture({ mirror: true });
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    expect((await rest.call('PUT', '/connectors/a/pause')).status).toBe(202);
    expect((await rest.configs.get('a'))?.targetState).toBe('PAUSED');
    expect((await rest.call('GET', '/connectors/a/status')).json).toMatchObject({
      connector: { state: 'PAUSED' },
      tasks: [{ state: 'PAUSED' }],
    });
    expect((await rest.call('PUT', '/connectors/a/resume')).status).toBe(202);
    expect((await rest.configs.get('a'))?.targetState).toBe('RUNNING');
    expect((await rest.call('PUT', '/connectors/a/stop')).status).toBe(204);
    expect(await rest.configs.get('a')).toMatchObject({ targetState: 'STOPPED', taskConfigs: [] });
  });

  it('restarts: 204 for the connector alone, 202 with the planned status otherwise', async () => {
    const rest = await restFixture({ mirror: true });
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    const plain = await rest.call('POST', '/connectors/a/restart');
    expect(plain.status).toBe(204);
    expect(plain.body).toBe('');

    const onlyFailed = await rest.call('POST', '/connectors/a/restart?includeTasks=true&onlyFailed=true');
    expect(onlyFailed.status).toBe(202);
    expect(onlyFailed.json).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ id: 0, state: 'RUNNING' }],
    });

    await rest.statuses.putTaskStatus({
      connector: 'a',
      task: 0,
      state: 'FAILED',
      trace: 'boom',
      workerId: 'w',
      generation: 9,
      updatedAt: 1,
    });
    const failed = await rest.call('POST', '/connectors/a/restart?includeTasks=true&onlyFailed=true');
    expect(failed.json).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ id: 0, state: 'RESTARTING' }],
    });
    expect((failed.json as { tasks: object[] }).tasks[0]).not.toHaveProperty('trace');
    // The stored status stays FAILED: the coordinator's onlyFailed check reads it.
    expect((await rest.statuses.taskStatuses('a'))[0]?.state).toBe('FAILED');

    const all = await rest.call('POST', '/connectors/a/restart?includeTasks=true');
    expect(all.json).toMatchObject({ connector: { state: 'RESTARTING' }, tasks: [{ state: 'RESTARTING' }] });

    expect((await rest.call('POST', '/connectors/a/tasks/0/restart')).status).toBe(204);
    const requests = await rest.configs.restartRequests('a');
    expect(requests.map((r) => [r.includeTasks, r.onlyFailed, r.task])).toEqual([
      [false, false, undefined],
      [true, true, undefined],
      [true, true, undefined],
      [true, false, undefined],
      [false, false, 0],
    ]);
  });

  it('reads offsets; alters and resets them only while STOPPED', async () => {
    const rest = await restFixture();
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    await rest.leases.setOffsets('a', [{ topic: 'orders', partition: 1, offset: 42 }], 1);
    expect((await rest.call('GET', '/connectors/a/offsets')).json).toEqual({
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: { kafka_offset: 42 } }],
    });
    const body = {
      offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 1 }, offset: { kafka_offset: 7 } }],
    };
    const running = await rest.call('PATCH', '/connectors/a/offsets', body);
    expect(running.json).toEqual({
      error_code: 400,
      message:
        "Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/a/stop' endpoint",
    });
    expect((await rest.call('DELETE', '/connectors/a/offsets')).status).toBe(400);
    expect((await rest.leases.list('a'))[0]?.offset).toBe(42);

    await rest.call('PUT', '/connectors/a/stop');
    const altered = await rest.call('PATCH', '/connectors/a/offsets', body);
    expect(altered).toMatchObject({
      status: 200,
      json: { message: 'The offsets for this connector have been altered successfully' },
    });
    expect((await rest.leases.list('a'))[0]?.offset).toBe(7);
    const reset = await rest.call('DELETE', '/connectors/a/offsets');
    expect(reset).toMatchObject({
      status: 200,
      json: { message: 'The offsets for this connector have been reset successfully' },
    });
    expect((await rest.call('GET', '/connectors/a/offsets')).json).toEqual({ offsets: [] });
  });

  it('checks the offsets list before the connector, and its entries once the connector is known stopped (as Kafka)', async () => {
    const rest = await restFixture();
    for (const body of [{ offsets: [] }, {}]) {
      expect((await rest.call('PATCH', '/connectors/nope/offsets', body)).json).toEqual({
        error_code: 400,
        message: 'Partitions / offsets need to be provided for an alter offsets request',
      });
    }
    const wrongForSinks = { offsets: [{ partition: { kafka_topic: 't' }, offset: { kafka_offset: 1 } }] };
    expect((await rest.call('PATCH', '/connectors/nope/offsets', wrongForSinks)).status).toBe(404);
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink(), initial_state: 'STOPPED' });
    const cases: [unknown, string][] = [
      [
        wrongForSinks,
        "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'",
      ],
      [
        { offsets: [{ partition: { kafka_topic: 't', kafka_partition: 'x' }, offset: { kafka_offset: 1 } }] },
        "Failed to parse the following Kafka partition value in the provided offsets: 'x'. Partition values for sink connectors need to be integers.",
      ],
      [
        { offsets: [{ partition: { kafka_topic: 't', kafka_partition: 0 }, offset: { foo: 1 } }] },
        "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
      ],
    ];
    for (const [body, message] of cases) {
      expect((await rest.call('PATCH', '/connectors/a/offsets', body)).json).toEqual({
        error_code: 400,
        message,
      });
    }
  });

  it('lists and resets active topics (200 with an empty list for unknown connectors, as Kafka)', async () => {
    const rest = await restFixture();
    await rest.statuses.addActiveTopics('a', ['t2', 't1'], 1);
    expect((await rest.call('GET', '/connectors/a/topics')).json).toEqual({ a: { topics: ['t1', 't2'] } });
    expect((await rest.call('PUT', '/connectors/a/topics/reset')).status).toBe(202);
    expect((await rest.call('GET', '/connectors/a/topics')).json).toEqual({ a: { topics: [] } });
  });
});

describe('REST router: plugins and validation', () => {
  it('lists connector plugins, and every plugin with connectorsOnly=false', async () => {
    const rest = await restFixture();
    const connectors = (await rest.call('GET', '/connector-plugins')).json as {
      class: string;
      type: string;
    }[];
    expect(connectors).toContainEqual({
      class: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      type: 'sink',
      version: expect.any(String),
    });
    expect(connectors.every((p) => p.type === 'sink' || p.type === 'source')).toBe(true);
    const all = (await rest.call('GET', '/connector-plugins?connectorsOnly=false')).json as {
      type: string;
    }[];
    expect(new Set(all.map((p) => p.type))).toContain('converter');
    expect(all.length).toBeGreaterThan(connectors.length);
  });

  it('describes a plugin config with Kafka 4.1 key shapes', async () => {
    const rest = await restFixture();
    const keys = (await rest.call('GET', '/connector-plugins/FileStreamSink/config')).json as Record<
      string,
      unknown
    >[];
    expect(keys[0]).toEqual({
      name: 'file',
      type: 'STRING',
      required: false,
      default_value: null,
      importance: 'HIGH',
      documentation: expect.any(String),
      group: null,
      width: 'NONE',
      display_name: 'file',
      dependents: [],
      order: -1,
    });
    expect(keys.find((k) => k.name === 'tasks.max')).toMatchObject({
      default_value: '1',
      required: false,
      group: 'Common',
    });
    expect(keys.find((k) => k.name === 'connector.class')).toMatchObject({ required: true });
  });

  it('validates: 200 with per-key errors, groups and error_count', async () => {
    const rest = await restFixture();
    const response = await rest.call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'FileStreamSink',
      topics: 't',
      'tasks.max': 'x',
    });
    expect(response.status).toBe(200);
    const infos = response.json as {
      name: string;
      error_count: number;
      groups: string[];
      configs: { definition: { name: string }; value: { name: string; value: unknown; errors: string[] } }[];
    };
    expect(infos.name).toBe('FileStreamSink');
    expect(infos.groups).toEqual(expect.arrayContaining(['Common', 'Error Handling']));
    expect(infos.error_count).toBe(infos.configs.reduce((n, c) => n + c.value.errors.length, 0));
    expect(infos.configs.find((c) => c.definition.name === 'tasks.max')?.value).toEqual({
      name: 'tasks.max',
      // As Kafka: the parsed value, which a type error leaves null.
      value: null,
      recommended_values: [],
      errors: ['Invalid value x for configuration tasks.max: Not a number of type INT'],
      visible: true,
    });
    expect(infos.configs.find((c) => c.definition.name === 'name')?.value.errors).toEqual([
      'Missing required configuration "name" which has no default value.',
    ]);
    const mismatch = await rest.call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      'connector.class': 'Nope',
    });
    expect(mismatch.json).toEqual({
      error_code: 400,
      message: 'Included connector type Nope does not match request type FileStreamSink',
    });
    const noClass = await rest.call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      topics: 't',
    });
    expect(noClass.json).toEqual({
      error_code: 400,
      message: 'Connector config {topics=t} contains no connector type',
    });
  });
});

describe('REST router: bad input', () => {
  it('answers 400 (not Kafka 500) to malformed JSON and wrong types', async () => {
    const rest = await restFixture();
    for (const [method, path, body] of [
      ['POST', '/connectors', '{bad json'],
      ['POST', '/connectors', '[]'],
      ['POST', '/connectors', '{"name":"p5"}'],
      ['POST', '/connectors', '{"name":"a","config":{"file":{"a":1}}}'],
      ['PUT', '/connectors/a/config', '"str"'],
      ['PUT', '/connectors/a/config', ''],
      ['PUT', '/connector-plugins/FileStreamSink/config/validate', 'zz'],
      ['PATCH', '/connectors/a/offsets', 'null'],
    ] as const) {
      const response = await rest.call(method, path, body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      expect(response.json).toMatchObject({ error_code: 400, message: expect.any(String) });
    }
    expect((await rest.call('GET', '/connectors/%zz')).status).toBe(400);
    expect((await rest.call('GET', '/connectors/a/tasks/abc/status')).status).toBe(404);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const rest = await restFixture();
    const response = await rest.call('POST', '/connectors', 'x'.repeat(MAX_BODY_BYTES + 1));
    expect(response.status).toBe(413);
  });

  it('addresses unicode names; an encoded slash is refused as Jetty refuses it', async () => {
    const rest = await restFixture();
    await rest.call('POST', '/connectors', { name: 'a b ü', config: fileSink() });
    expect((await rest.call('GET', `/connectors/${encodeURIComponent('a b ü')}`)).status).toBe(200);
    expect((await rest.call('GET', '/connectors')).json).toEqual(['a b ü']);
    const slash = await rest.call('GET', `/connectors/${encodeURIComponent('a/b')}`);
    expect(slash).toMatchObject({ status: 400, json: { message: 'Ambiguous URI path separator' } });
  });

  it('refuses bodies that are not JSON (415) and clients that take no JSON (406), as Jersey does', async () => {
    const rest = await restFixture();
    const body = JSON.stringify({ name: 'a', config: fileSink() });
    const send = (headers: Record<string, string>, method = 'POST', path = '/connectors') =>
      rest.router({ method, path, headers, body });
    expect((await send({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send({})).status).toBe(415);
    expect((await send({ 'content-type': 'application/json', accept: 'text/html' })).status).toBe(406);
    expect(
      (await rest.router({ method: 'GET', path: '/', headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(200);
    expect(await rest.configs.list()).toEqual([]);
    const created = await send({ 'content-type': 'Application/JSON; charset=utf-8', host: 'h:1' });
    expect(created).toMatchObject({ status: 201, headers: { location: 'http://h:1/connectors/a' } });
  });
});

describe('REST router: offsets right after a stop', () => {
  /** A stopped connector whose task still holds partition 0's lease (finishing its last batch). */
  async function stoppedWithHeldLease(offsetsWaitMs?: number) {
    const rest = await restFixture(offsetsWaitMs === undefined ? {} : { offsetsWaitMs });
    await rest.call('POST', '/connectors', { name: 'a', config: fileSink() });
    const now = Date.now();
    await rest.leases.ensure('a', [{ topic: 'orders', partition: 0 }], now);
    await rest.leases.assign('a', [{ topic: 'orders', partition: 0, from: null, to: 0 }], now);
    const claimant = { invocation: 'inv-1', task: 0 };
    const [lease] = await rest.leases.list('a');
    const held = (await rest.leases.claim(lease!, claimant, now, 60_000, 0))!;
    expect(held).not.toBeNull();
    expect((await rest.call('PUT', '/connectors/a/stop')).status).toBe(204);
    const release = () => rest.leases.release('a', claimant, [held], Date.now());
    return { rest, release };
  }

  const body = {
    offsets: [{ partition: { kafka_topic: 'orders', kafka_partition: 0 }, offset: { kafka_offset: 7 } }],
  };

  it('waits for the task to let go, then applies the change (200, as Kafka)', async () => {
    const { rest, release } = await stoppedWithHeldLease();
    setTimeout(() => void release(), 300);
    const altered = await rest.call('PATCH', '/connectors/a/offsets', body);
    expect(altered.status).toBe(200);
    expect((await rest.call('GET', '/connectors/a/offsets')).json).toEqual(body);
  });

  it('answers 409 with nothing changed when the task never lets go, never a 5xx', async () => {
    const { rest } = await stoppedWithHeldLease(400);
    const altered = await rest.call('PATCH', '/connectors/a/offsets', body);
    expect(altered).toMatchObject({ status: 409, json: { error_code: 409 } });
    expect((await rest.call('DELETE', '/connectors/a/offsets')).status).toBe(409);
    expect((await rest.call('GET', '/connectors/a/offsets')).json).toEqual({ offsets: [] });
  });
});
