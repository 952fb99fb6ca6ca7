import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { predicatePlugins, transformationPlugins } from '../../../shared/transforms/index.ts';

// Every concrete Transformation and Predicate class in Kafka 4.1's connect-transforms jar.
const KAFKA_TRANSFORMS = [
  'Cast$Key',
  'Cast$Value',
  'DropHeaders',
  'ExtractField$Key',
  'ExtractField$Value',
  'Filter',
  'Flatten$Key',
  'Flatten$Value',
  'HeaderFrom$Key',
  'HeaderFrom$Value',
  'HoistField$Key',
  'HoistField$Value',
  'InsertField$Key',
  'InsertField$Value',
  'InsertHeader',
  'MaskField$Key',
  'MaskField$Value',
  'RegexRouter',
  'ReplaceField$Key',
  'ReplaceField$Value',
  'SetSchemaMetadata$Key',
  'SetSchemaMetadata$Value',
  'TimestampConverter$Key',
  'TimestampConverter$Value',
  'TimestampRouter',
  'ValueToKey',
].map((name) => `org.apache.kafka.connect.transforms.${name}`);
const KAFKA_PREDICATES = ['HasHeaderKey', 'RecordIsTombstone', 'TopicNameMatches'].map(
  (name) => `org.apache.kafka.connect.transforms.predicates.${name}`,
);

// SMTs of the connectors we re-implement ship beside Kafka's, as their own plugin jars do.
const CONNECTOR_TRANSFORMS = ['io.debezium.transforms.ExtractNewRecordState'];

describe('built-in SMTs and predicates', () => {
  it("are exactly Kafka's plus the re-implemented connectors' own, by class name", () => {
    expect(transformationPlugins.map((p) => p.className).sort()).toEqual(
      [...KAFKA_TRANSFORMS, ...CONNECTOR_TRANSFORMS].sort(),
    );
    expect(predicatePlugins.map((p) => p.className).sort()).toEqual([...KAFKA_PREDICATES].sort());
  });

  it('resolve through the registry by class name and by unambiguous alias only', () => {
    const registry = builtinPlugins();
    for (const className of KAFKA_TRANSFORMS)
      expect(registry.find(className, 'transformation')?.className).toBe(className);
    for (const className of KAFKA_PREDICATES)
      expect(registry.find(className, 'predicate')?.className).toBe(className);
    expect(registry.find('RegexRouter', 'transformation')?.className).toBe(
      'org.apache.kafka.connect.transforms.RegexRouter',
    );
    expect(registry.find('TopicNameMatches', 'predicate')?.className).toBe(
      'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    );
    // "Value" would name every $Value class, so it names none.
    expect(registry.find('Value', 'transformation')).toBeUndefined();
  });

  it('each create a fresh instance whose config matches the plugin description', () => {
    for (const plugin of [...transformationPlugins, ...predicatePlugins]) {
      const first = plugin.create();
      expect(plugin.create()).not.toBe(first);
      expect(first.config().names()).toEqual(plugin.config().names());
    }
  });
});
