import { describe, expect, it } from 'vitest';
import type { SourceConnector } from '../../../shared/api/connector.ts';
import type { SourceConnectorPlugin } from '../../../shared/api/plugin.ts';
import { validateConnectorConfig, withConnectorChecks } from '../../../shared/config/validate-connector.ts';
import { fileStreamSourcePlugin } from '../../../shared/connectors/file/source-connector.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../../../shared/runtime/plugins/plugins.ts';

/** FileStreamSource with a validate hook, as a database source has one. */
const checked: SourceConnectorPlugin = {
  ...fileStreamSourcePlugin,
  className: 'test.CheckedSource',
  create: () =>
    Object.assign(fileStreamSourcePlugin.create() as SourceConnector, {
      validate: async (props: Record<string, string>) => [
        { name: 'file', errors: props.file === '/nope' ? ['File /nope cannot be read'] : [] },
        { name: 'database.hostname', errors: props.file === '/nope' ? ['Unreachable'] : [] },
      ],
    }),
};
const registry = new PluginRegistry([...builtinPlugins().all(), checked]);

describe("a connector's own validate", () => {
  it('adds its errors per key, only to a config the ConfigDefs accept', async () => {
    const config = { name: 'c', 'connector.class': 'test.CheckedSource', topic: 't', file: '/nope' };
    const validation = await withConnectorChecks(validateConnectorConfig(config, registry), config);
    expect(validation.errorCount).toBe(2);
    expect(validation.values.get('file')?.errors).toEqual(['File /nope cannot be read']);
    expect(validation.values.get('database.hostname')).toMatchObject({
      value: null,
      errors: ['Unreachable'],
    });
    const good = { ...config, file: '/fine' };
    expect((await withConnectorChecks(validateConnectorConfig(good, registry), good)).errorCount).toBe(0);
    // With a ConfigDef error the connector is not asked (it may need every key to be valid).
    const noTopic = { name: 'c', 'connector.class': 'test.CheckedSource', file: '/nope' };
    const refused = await withConnectorChecks(validateConnectorConfig(noTopic, registry), noTopic);
    expect(refused.errorCount).toBe(1);
    expect(refused.values.get('file')?.errors).toEqual([]);
  });
});
