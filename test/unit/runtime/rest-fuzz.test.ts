// Fuzzing the REST router: whatever arrives (malformed JSON, wrong types, huge bodies, unicode and
// path-traversal names, odd methods and queries), the answer is never a 5xx, errors come in Kafka's
// shape, and a rejected request leaves every store exactly as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restFixture } from '../../support/rest.ts';
import {
  bodies,
  configs,
  JSON_BODY,
  methods,
  nastyNames,
  paths,
  snapshot,
  validConfig,
} from '../../support/rest-fuzz.ts';

describe('REST router fuzzing', () => {
  it('never answers 5xx, answers errors in Kafka shape, and changes nothing when it refuses', async () => {
    const rest = await restFixture({ mirror: true });
    // Some existing state for requests to (not) change.
    await rest.call('POST', '/connectors', { name: 'ok', config: validConfig });
    await rest.call('POST', '/connectors', {
      name: 'stopped',
      config: validConfig,
      initial_state: 'STOPPED',
    });
    await rest.leases.setOffsets('stopped', [{ topic: 'orders', partition: 0, offset: 3 }], 1);
    await rest.statuses.addActiveTopics('ok', ['orders'], 1);

    await fc.assert(
      fc.asyncProperty(methods, paths, bodies, async (method, path, body) => {
        const before = await snapshot(rest);
        const response = await rest.router({
          method,
          path,
          headers: JSON_BODY,
          ...(body === undefined ? {} : { body }),
        });
        expect(response.status, `${method} ${path}`).toBeLessThan(500);
        if (response.status >= 400) {
          const error = JSON.parse(response.body);
          expect(error).toEqual({ error_code: response.status, message: expect.any(String) });
          expect(await snapshot(rest), `${method} ${path} changed state with ${response.status}`).toBe(
            before,
          );
        } else if (response.body !== '') {
          JSON.parse(response.body);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('refuses every invalid create or update without storing anything', async () => {
    const rest = await restFixture();
    await fc.assert(
      fc.asyncProperty(nastyNames, configs, fc.constantFrom('POST', 'PUT'), async (name, config, method) => {
        const before = await snapshot(rest);
        const response =
          method === 'POST'
            ? await rest.router({
                method,
                path: '/connectors',
                headers: JSON_BODY,
                body: JSON.stringify({ name, config }),
              })
            : await rest.router({
                method,
                path: `/connectors/${encodeURIComponent(name)}/config`,
                headers: JSON_BODY,
                body: JSON.stringify(config),
              });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await snapshot(rest)).toBe(before);
        else {
          // Accepted: it is stored under its trimmed name and readable back.
          const stored = await rest.configs.get(JSON.parse(response.body).name);
          expect(stored).toBeDefined();
        }
      }),
      { numRuns: 400 },
    );
  });
});
