// The code Lambda would run: the app synthesized with real esbuild bundling, each function's
// bundled module imported from its asset folder the way the Node.js runtime resolves the
// template's Handler, with the environment the template gives it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentNames } from '../../../shared/aws/environment.ts';
import {
  functionRoles,
  lambdaContext,
  loadBundledHandler,
  resolveEnvironment,
  type SynthesizedApp,
  synthesizeApp,
} from '../../support/cloud-assembly.ts';

let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeApp({ kafkaBootstrapServers: '127.0.0.1:19092' });
});

afterAll(() => {
  if (synthesized) fs.rmSync(synthesized.outdir, { recursive: true, force: true });
});

// The values CloudFormation would fill in at deploy time.
const deployTime = {
  [environmentNames.tableName]: 'sc-state',
  [environmentNames.coordinatorFunction]: 'sc-coordinator',
};

describe('the bundled functions', () => {
  it.each(functionRoles)('%s: one self-contained ES module with a source map', (role) => {
    const fn = synthesized.functions[role];
    expect(path.basename(fn.handlerFile)).toBe('index.mjs');
    // The API function also carries the web console's static files.
    expect(fs.readdirSync(fn.assetDir).sort()).toEqual(
      role === 'api' ? ['console', 'index.mjs', 'index.mjs.map'] : ['index.mjs', 'index.mjs.map'],
    );
    // Everything is bundled: no import of the project's own sources or of node_modules remains.
    const code = fs.readFileSync(fn.handlerFile, 'utf8');
    expect(code).not.toMatch(/from\s*["'](\.{1,2}\/|\/)/);
  });

  it.each(functionRoles)('%s: exports the handler the template names', async (role) => {
    const fn = synthesized.functions[role];
    expect(fn.handlerExport).toBe('handler');
    const loaded = await loadBundledHandler(fn, deployTime);
    try {
      expect(typeof loaded.module[fn.handlerExport]).toBe('function');
      expect(loaded.handler).toBe(loaded.module.handler);
      expect(process.env[environmentNames.tableName]).toBe('sc-state');
    } finally {
      loaded.restoreEnvironment();
    }
    expect(process.env[environmentNames.tableName]).toBeUndefined();
  });

  it('api: serves the web console from the files shipped beside the bundle', async () => {
    const fn = synthesized.functions.api;
    const loaded = await loadBundledHandler(fn, deployTime);
    try {
      const get = async (urlPath: string) =>
        (await loaded.handler(
          {
            httpMethod: 'GET',
            path: urlPath,
            headers: {},
            multiValueHeaders: {},
            queryStringParameters: null,
            multiValueQueryStringParameters: null,
            body: null,
            isBase64Encoded: false,
          },
          lambdaContext(fn, 'sc-api'),
        )) as { statusCode: number; body: string };
      const page = await get('/ui/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('src="app.js"');
      expect((await get('/ui/lease-map.js')).body).toContain('export function leaseMap');
    } finally {
      loaded.restoreEnvironment();
    }
  });

  it('fails to load without a value for each deploy-time variable, naming them', () => {
    expect(() => resolveEnvironment(synthesized.functions.task)).toThrow(
      `task: give values for the deploy-time environment variables ${environmentNames.tableName}, ${environmentNames.coordinatorFunction}`,
    );
  });

  it('keeps the template literals and takes the given values for the rest', () => {
    const env = resolveEnvironment(synthesized.functions.task, deployTime);
    expect(env).toMatchObject({
      ...deployTime,
      [environmentNames.kafkaBootstrapServers]: '127.0.0.1:19092',
      [environmentNames.kafkaSecurityProtocol]: 'PLAINTEXT',
      [environmentNames.taskFunction]: synthesized.functions.task.environment[environmentNames.taskFunction],
    });
  });

  it('gives a Lambda context whose deadline is the function timeout', () => {
    const context = lambdaContext(synthesized.functions.task, 'sc-task');
    expect(context.memoryLimitInMB).toBe('1024');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(290_000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(300_000);
  });
});
