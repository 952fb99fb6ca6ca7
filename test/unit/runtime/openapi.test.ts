// The OpenAPI description: valid OpenAPI 3.1 schemas, the same routes as the router (both ways),
// and docs/openapi.json in step with the code.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/runtime/management/openapi.ts';
import { restRoutes } from '../../../shared/runtime/management/rest-router.ts';
import { openApiValidator } from '../../support/openapi-validator.ts';

const document = openApiDocument() as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('OpenAPI description', () => {
  it('describes every route of the router, and only those', () => {
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '*')}`),
    );
    const routed = restRoutes().map((r) => `${r.method} /${r.pattern.join('/')}`);
    expect(described.sort()).toEqual(routed.sort());
  });

  it('has schemas a JSON Schema 2020-12 validator compiles', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'openapi', components: document.components });
    for (const name of Object.keys(document.components.schemas))
      expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`), name).not.toThrow();
  });

  it('is what docs/openapi.json holds (run `npm run openapi` after changing it)', () => {
    const file = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('lets the response check catch a body that does not match', () => {
    const check = openApiValidator();
    expect(check('GET', '/', 200, { version: '1', commit: 'c', kafka_cluster_id: null })).toEqual([]);
    expect(check('GET', '/', 200, { version: 1 })).not.toEqual([]);
    expect(check('GET', '/connectors/x/leases', 404, { error_code: 404, message: 'no' })).toEqual([]);
    expect(check('GET', '/connectors/x/leases', 404, { message: 'no' })).not.toEqual([]);
    expect(check('GET', '/nowhere', 200, {})).not.toEqual([]);
  });
});
