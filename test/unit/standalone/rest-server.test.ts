import { afterEach, describe, expect, it } from 'vitest';
import { type RestServer, startRestServer } from '../../../shared/standalone/rest-server.ts';
import { restFixture } from '../../support/rest.ts';

let server: RestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('standalone REST server', () => {
  it('serves the router over HTTP', async () => {
    const rest = await restFixture();
    server = await startRestServer({ service: rest.service, port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${server.url}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a', config: { 'connector.class': 'FileStreamSink', topics: 't' } }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    expect(await (await fetch(`${server.url}/connectors`)).json()).toEqual(['a']);
    const deleted = await fetch(`${server.url}/connectors/a`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
  });

  it('requires the bearer token when one is set, answering 401 in Kafka shape', async () => {
    const rest = await restFixture();
    server = await startRestServer({ service: rest.service, port: 0, token: 's3cret' });
    for (const authorization of [undefined, 'Bearer wrong', 'Bearer s3cret2', 's3cret']) {
      const response = await fetch(`${server.url}/connectors`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error_code: 401,
        message: 'Unauthorized: a valid bearer token is required',
      });
    }
    const ok = await fetch(`${server.url}/connectors`, { headers: { authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
  });

  it('refuses oversized bodies with 413 without buffering them', async () => {
    const rest = await restFixture();
    server = await startRestServer({ service: rest.service, port: 0 });
    const response = await fetch(`${server.url}/connectors`, {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await rest.configs.list()).toEqual([]);
  });
});
