// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config references are written ${provider:path:key}
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  awsConfigProviderFactories,
  SecretsManagerConfigProvider,
  SsmParamStoreConfigProvider,
} from '../../../shared/aws/config-providers.ts';
import type { ConfigProvider } from '../../../shared/config/providers/config-provider.ts';
import { EnvVarConfigProvider } from '../../../shared/config/providers/env-var-config-provider.ts';
import { FileConfigProvider } from '../../../shared/config/providers/file-config-provider.ts';
import { resolveConfigReferences } from '../../../shared/config/providers/resolve.ts';
import {
  builtinConfigProviderFactories,
  configProvidersFromWorkerConfig,
} from '../../../shared/config/providers/worker-providers.ts';
import type { LogFields } from '../../../shared/runtime/logger.ts';
import { startRestServer } from '../../../shared/standalone/rest-server.ts';
import { restFixture } from '../../support/rest.ts';

async function propertiesFile(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'providers-'));
  const file = path.join(dir, 'secrets.properties');
  await writeFile(file, text);
  return file;
}

describe('config providers', () => {
  it('resolves file and env references, leaving unknown providers and keys as written', async () => {
    const file = await propertiesFile('db.user=alice\ndb.password = s3cr:et\n');
    const providers = new Map<string, ConfigProvider>([
      ['file', new FileConfigProvider()],
      ['env', new EnvVarConfigProvider({}, { TOKEN: 'tok-123' })],
    ]);
    const resolved = await resolveConfigReferences(
      {
        user: `\${file:${file}:db.user}`,
        url: `jdbc://\${file:${file}:db.user}:\${file:${file}:db.password}@host`,
        token: '${env:TOKEN}',
        missingKey: `\${file:${file}:nope}`,
        unknownProvider: '${vault:a:b}',
        plain: 'x',
      },
      providers,
    );
    expect(resolved).toEqual({
      user: 'alice',
      url: 'jdbc://alice:s3cr:et@host',
      token: 'tok-123',
      missingKey: `\${file:${file}:nope}`,
      unknownProvider: '${vault:a:b}',
      plain: 'x',
    });
  });

  it('applies allowed.paths and allowlist.pattern, and fails on unreadable files with Kafka wording', async () => {
    const file = await propertiesFile('k=v\n');
    const restricted = new FileConfigProvider({ 'allowed.paths': path.join(path.dirname(file), 'other') });
    await expect(restricted.get(file, new Set(['k']))).rejects.toThrow('is not allowed to be accessed');
    await expect(new FileConfigProvider().get('/no/such/file', new Set(['k']))).rejects.toThrow(
      'Could not read properties from file /no/such/file',
    );
    const env = new EnvVarConfigProvider({ 'allowlist.pattern': 'APP_.*' }, { APP_X: '1', HOME: '/root' });
    expect(await env.get('', new Set(['APP_X', 'HOME']))).toEqual(new Map([['APP_X', '1']]));
    await expect(env.get('p', new Set(['APP_X']))).rejects.toThrow(
      'Path is not supported for EnvVarConfigProvider',
    );
  });

  it('reads Secrets Manager JSON fields, whole secrets and SSM parameters', async () => {
    const secrets: Record<string, string> = {
      db: '{"password":"pw","port":5432}',
      'arn:aws:secretsmanager:eu-west-1:1:secret:raw': 'whole',
      '/app/key': 'param-value',
    };
    const read = async (id: string) => secrets[id];
    const providers = new Map<string, ConfigProvider>([
      ['secretsmanager', new SecretsManagerConfigProvider(read)],
      ['ssm', new SsmParamStoreConfigProvider(read)],
    ]);
    const resolved = await resolveConfigReferences(
      {
        a: '${secretsmanager:db:password}',
        b: '${secretsmanager:db:port}',
        c: `\${secretsmanager:${encodeURIComponent('arn:aws:secretsmanager:eu-west-1:1:secret:raw')}}`,
        d: '${ssm::/app/key}',
      },
      providers,
    );
    expect(resolved).toEqual({ a: 'pw', b: '5432', c: 'whole', d: 'param-value' });
    await expect(resolveConfigReferences({ a: '${ssm::/nope}' }, providers)).rejects.toThrow(
      '/nope was not found',
    );
  });

  it('builds providers from Kafka worker keys, by full or simple class name', async () => {
    const providers = configProvidersFromWorkerConfig(
      {
        'config.providers': 'file, env,sm',
        'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
        'config.providers.env.class': 'EnvVarConfigProvider',
        'config.providers.env.param.allowlist.pattern': 'ONLY_THIS',
        'config.providers.sm.class': 'com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider',
        'config.providers.sm.param.region': 'eu-west-1',
      },
      { ...builtinConfigProviderFactories, ...awsConfigProviderFactories },
    );
    expect([...providers.keys()]).toEqual(['file', 'env', 'sm']);
    expect(providers.get('sm')).toBeInstanceOf(SecretsManagerConfigProvider);
    expect(() =>
      configProvidersFromWorkerConfig({ 'config.providers': 'x', 'config.providers.x.class': 'com.Nope' }),
    ).toThrow(
      'Invalid value com.Nope for configuration config.providers.x.class: Class com.Nope could not be found.',
    );
    expect(() => configProvidersFromWorkerConfig({ 'config.providers': 'x' })).toThrow(
      'Missing required configuration "config.providers.x.class"',
    );
  });
});

describe('secrets never leave through the API', () => {
  it('stores and returns references, validates resolved values, and redacts them in errors and logs', async () => {
    const secret = 'hunter2-very-secret';
    const providers = new Map([
      ['env', new EnvVarConfigProvider({}, { SECRET: secret, OUT: '/tmp/secret-out' })],
    ]);
    const rest = await restFixture({ resolveConfig: (config) => resolveConfigReferences(config, providers) });
    const logs: string[] = [];
    const log = (message: string, fields?: LogFields) => logs.push(message + JSON.stringify(fields ?? {}));
    const server = await startRestServer({
      service: rest.service,
      port: 0,
      logger: { debug: log, info: log, warn: log, error: log },
    });
    try {
      const bodies: string[] = [];
      const call = async (method: string, p: string, body?: unknown) => {
        const response = await fetch(server.url + p, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        bodies.push(text);
        return { status: response.status, text };
      };
      const config = { 'connector.class': 'FileStreamSink', topics: 't', file: '${env:OUT}' };
      expect((await call('POST', '/connectors', { name: 'a', config })).status).toBe(201);
      const tasks = JSON.parse((await call('GET', '/connectors/a/tasks')).text);
      expect(tasks[0].config.file).toBe('${env:OUT}');
      expect(JSON.parse((await call('GET', '/connectors/a/config')).text).file).toBe('${env:OUT}');

      const bad = await call('PUT', '/connectors/a/config', { ...config, 'tasks.max': '${env:SECRET}' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Invalid value [hidden] for configuration tasks.max');
      const validation = await call('PUT', '/connector-plugins/FileStreamSink/config/validate', {
        ...config,
        'tasks.max': '${env:SECRET}',
      });
      expect(validation.status).toBe(200);
      expect(validation.text).toContain('${env:SECRET}');
      await call('GET', '/connectors?expand=info&expand=status');
      for (const text of [...bodies, ...logs]) expect(text).not.toContain(secret);
      expect(bodies.join('\n')).not.toContain('/tmp/secret-out');
    } finally {
      await server.close();
    }
  });
});
