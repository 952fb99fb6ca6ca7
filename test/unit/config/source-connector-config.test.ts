import { describe, expect, it } from 'vitest';
import type { SourceConnector } from '../../../shared/api/connector.ts';
import type { SourceConnectorPlugin } from '../../../shared/api/plugin.ts';
import { validateConnectorConfig } from '../../../shared/config/validate-connector.ts';
import { fileStreamSourcePlugin } from '../../../shared/connectors/file/source-connector.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { PluginRegistry } from '../../../shared/runtime/plugins/plugins.ts';
import { groupFor, topicCreationSettings } from '../../../shared/runtime/tasks/topic-creation.ts';

const base = { name: 'src', 'connector.class': 'FileStreamSource', file: '/tmp/in.txt', topic: 't' };

function errors(config: Record<string, string>, options = {}, registry = builtinPlugins()) {
  const validation = validateConnectorConfig(config, registry, options);
  return Object.fromEntries(
    [...validation.values].filter(([, v]) => v.errors.length > 0).map(([k, v]) => [k, v.errors]),
  );
}

describe('source connector validation', () => {
  it("knows Kafka's source keys and their defaults, and needs no topics", () => {
    const validation = validateConnectorConfig(base, builtinPlugins());
    expect(validation.errorCount).toBe(0);
    expect(validation.plugin?.type).toBe('source');
    for (const key of [
      'topic.creation.groups',
      'exactly.once.support',
      'transaction.boundary',
      'transaction.boundary.interval.ms',
      'offsets.storage.topic',
    ])
      expect(validation.definition.key(key)).toBeDefined();
    expect(validation.definition.key('topics')).toBeUndefined();
    expect(validation.definition.key('exactly.once.support')?.defaultValue).toBe('requested');
    expect(validation.definition.key('transaction.boundary')?.defaultValue).toBe('poll');
  });

  it('checks exactly.once.support=required against the worker and the connector, as Kafka does', () => {
    expect(errors({ ...base, 'exactly.once.support': 'required' })).toEqual({
      'exactly.once.support': ['This worker does not have exactly-once source support enabled.'],
    });
    expect(
      errors({ ...base, 'exactly.once.support': 'REQUIRED' }, { exactlyOnceSourceEnabled: true }),
    ).toEqual({});
    const stdin = { ...base, file: '', 'exactly.once.support': 'required' };
    expect(errors(stdin, { exactlyOnceSourceEnabled: true })).toEqual({
      'exactly.once.support': [
        'The connector does not support exactly-once semantics with the provided configuration.',
      ],
    });
    expect(errors({ ...base, 'exactly.once.support': 'sometimes' })['exactly.once.support']).toEqual([
      'Invalid value sometimes for configuration exactly.once.support: String must be one of (case insensitive): requested, required',
    ]);
    const silent: SourceConnectorPlugin = {
      ...fileStreamSourcePlugin,
      className: 'test.Silent',
      create: () => {
        const connector = fileStreamSourcePlugin.create() as SourceConnector & {
          exactlyOnceSupport?: unknown;
        };
        delete connector.exactlyOnceSupport;
        Object.defineProperty(connector, 'exactlyOnceSupport', { value: undefined });
        return connector;
      },
    };
    const registry = new PluginRegistry([...builtinPlugins().all(), silent]);
    expect(
      errors(
        { ...base, 'connector.class': 'test.Silent', 'exactly.once.support': 'required' },
        { exactlyOnceSourceEnabled: true },
        registry,
      )['exactly.once.support']?.[0],
    ).toMatch(
      /^The connector does not implement the API required for preflight validation of exactly-once source support/,
    );
  });

  it('refuses transaction.boundary=connector for a connector that cannot define boundaries', () => {
    expect(errors({ ...base, 'transaction.boundary': 'connector' })).toEqual({
      'transaction.boundary': [
        'The connector does not support connector-defined transaction boundaries with the given configuration. Please reconfigure it to use a different transaction boundary definition.',
      ],
    });
    expect(errors({ ...base, 'transaction.boundary.interval.ms': '-1' })).toEqual({
      'transaction.boundary.interval.ms': [
        'Invalid value -1 for configuration transaction.boundary.interval.ms: Value must be at least 0',
      ],
    });
  });

  it('validates topic creation groups once any topic.creation.* key is set', () => {
    expect(errors({ ...base, 'topic.creation.groups': 'compacted' })).toEqual({
      'topic.creation.default.replication.factor': [
        'Missing required configuration "topic.creation.default.replication.factor" which has no default value.',
      ],
      'topic.creation.default.partitions': [
        'Missing required configuration "topic.creation.default.partitions" which has no default value.',
      ],
    });
    const config = {
      ...base,
      'topic.creation.groups': 'compacted,compacted',
      'topic.creation.default.replication.factor': '0',
      'topic.creation.default.partitions': '-1',
      'topic.creation.compacted.include': '(unclosed',
    };
    expect(errors(config)).toEqual({
      'topic.creation.groups': [
        'Invalid value [compacted, compacted] for configuration topic.creation.groups: Duplicate alias provided.',
      ],
      'topic.creation.default.replication.factor': [
        "Invalid value 0 for configuration topic.creation.default.replication.factor: Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
      ],
      'topic.creation.compacted.include': [
        expect.stringMatching(
          /^Invalid value \[\(unclosed\] for configuration topic.creation.compacted.include: Syntax error in regular expression/,
        ),
      ],
    });
  });
});

describe('topic creation groups', () => {
  const config = {
    'topic.creation.groups': 'compacted, fast',
    'topic.creation.default.replication.factor': '3',
    'topic.creation.default.partitions': '6',
    'topic.creation.default.include': 'ignored.*',
    'topic.creation.default.compression.type': 'lz4',
    'topic.creation.compacted.include': 'state-.*, snapshot-.*',
    'topic.creation.compacted.exclude': 'state-tmp',
    'topic.creation.compacted.cleanup.policy': 'compact',
    'topic.creation.fast.include': '.*-fast',
    'topic.creation.fast.partitions': '12',
  };

  it("takes each group's settings, the default group's partitions and replication where a group has none", () => {
    const groups = topicCreationSettings(config, {});
    expect(groups.map((g) => [g.name, g.partitions, g.replicationFactor, g.configs])).toEqual([
      ['compacted', 6, 3, { 'cleanup.policy': 'compact' }],
      ['fast', 12, 3, {}],
      ['default', 6, 3, { 'compression.type': 'lz4' }],
    ]);
    expect(groupFor(groups, 'state-orders').name).toBe('compacted');
    expect(groupFor(groups, 'snapshot-a').name).toBe('compacted');
    // Exclusion wins; then the next matching group, or the default one.
    expect(groupFor(groups, 'state-tmp').name).toBe('default');
    expect(groupFor(groups, 'state-fast').name).toBe('compacted');
    expect(groupFor(groups, 'orders-fast').name).toBe('fast');
    expect(groupFor(groups, 'ignored-x').name).toBe('default');
  });

  it('creates nothing without topic.creation.* keys, or when the worker turns it off', () => {
    expect(topicCreationSettings({ topic: 't' }, {})).toEqual([]);
    expect(topicCreationSettings(config, { 'topic.creation.enable': 'false' })).toEqual([]);
  });
});
