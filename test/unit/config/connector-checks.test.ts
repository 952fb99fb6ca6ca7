// A connector's own validate() (the checks that need the outside world) runs after the ConfigDef
// passed, and its errors land on the keys it names.
import { describe, expect, it } from 'vitest';
import { ConfigDef } from '../../../shared/api/config-def.ts';
import type { ConfigKeyErrors, SinkConnector } from '../../../shared/api/connector.ts';
import type { SinkConnectorPlugin } from '../../../shared/api/plugin.ts';
import {
  validateSinkConnectorConfig,
  withConnectorChecks,
} from '../../../shared/config/validate-connector.ts';
import { PluginRegistry } from '../../../shared/runtime/plugins/plugins.ts';

function registryWith(check: (config: Record<string, string>) => Promise<readonly ConfigKeyErrors[]>) {
  let calls = 0;
  const plugin: SinkConnectorPlugin = {
    type: 'sink',
    className: 'com.example.CheckedSinkConnector',
    version: '1',
    config: () =>
      new ConfigDef().define({
        name: 'endpoint',
        type: 'STRING',
        importance: 'HIGH',
        documentation: 'where',
      }),
    create: () =>
      ({
        type: 'sink',
        validate: (config: Record<string, string>) => {
          calls++;
          return check(config);
        },
      }) as unknown as SinkConnector,
  };
  return { registry: new PluginRegistry([plugin]), calls: () => calls };
}

const config = { name: 'checked', 'connector.class': 'com.example.CheckedSinkConnector', topics: 't', endpoint: 'db:1' };

describe('connector checks', () => {
  it('adds the errors the connector finds to the keys it names', async () => {
    const { registry } = registryWith(async () => [{ name: 'endpoint', errors: ['db:1 does not answer'] }]);
    const validation = await withConnectorChecks(validateSinkConnectorConfig(config, registry), config);
    expect(validation.errorCount).toBe(1);
    expect(validation.values.get('endpoint')?.errors).toEqual(['db:1 does not answer']);
  });

  it('does not call the connector while a key is invalid on its own', async () => {
    const { registry, calls } = registryWith(async () => []);
    const { endpoint: _, ...missing } = config;
    const validation = await withConnectorChecks(validateSinkConnectorConfig(missing, registry), missing);
    expect(calls()).toBe(0);
    expect(validation.values.get('endpoint')?.errors[0]).toMatch(/Missing required configuration "endpoint"/);
  });

  it('reports a check that throws on connector.class', async () => {
    const { registry } = registryWith(async () => {
      throw new Error('boom');
    });
    const validation = await withConnectorChecks(validateSinkConnectorConfig(config, registry), config);
    expect(validation.values.get('connector.class')?.errors).toEqual(['boom']);
  });
});
