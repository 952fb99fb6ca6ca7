import { describe, expect, it } from 'vitest';
import { ConfigDef } from '../../../shared/api/config-def.ts';
import type { Plugin } from '../../../shared/api/plugin.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry, simpleName } from '../../../shared/runtime/plugins/plugins.ts';

const fake = (type: Plugin['type'], className: string): Plugin =>
  ({ type, className, version: '1', create: () => ({}), config: () => new ConfigDef() }) as unknown as Plugin;

describe('PluginRegistry', () => {
  it('resolves the file sink by class name and both Kafka aliases', () => {
    const registry = builtinPlugins();
    for (const name of [
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'FileStreamSinkConnector',
      'FileStreamSink',
    ]) {
      expect(registry.find(name, 'sink')?.className).toBe(
        'org.apache.kafka.connect.file.FileStreamSinkConnector',
      );
    }
    expect(registry.find('FileStreamSink', 'converter')).toBeUndefined();
  });

  it('takes Java simple names of nested classes and drops ambiguous aliases', () => {
    expect(simpleName('org.apache.kafka.connect.transforms.InsertField$Value')).toBe('Value');
    const registry = new PluginRegistry([
      fake('transformation', 'a.InsertField$Value'),
      fake('transformation', 'a.Cast$Value'),
      fake('converter', 'a.JsonConverter'),
    ]);
    expect(registry.find('Value', 'transformation')).toBeUndefined();
    expect(registry.find('a.Cast$Value', 'transformation')?.className).toBe('a.Cast$Value');
    expect(registry.find('Json', 'converter')?.className).toBe('a.JsonConverter');
    expect(registry.find('JsonConverter', 'converter')?.className).toBe('a.JsonConverter');
  });
});
