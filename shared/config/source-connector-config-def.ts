// The keys every source connector accepts on top of the common ones, with Kafka Connect's names,
// types, defaults and groups (SourceConnectorConfig, TopicCreationConfig): topic creation for the
// topics a source writes (KIP-158) and exactly-once support (KIP-618).
import { ConfigDef } from '../api/config-def.ts';
import { ConfigError } from '../api/errors.ts';
import { caseInsensitiveValidString, composite, nonEmptyString, nonNull, rule } from '../api/validators.ts';

/** Kafka's ConfigDef.NonEmptyString, which lets null (unset) through. */
const nonEmptyOrNull = rule(nonEmptyString.toString(), (value) =>
  value === null || (typeof value === 'string' && value.length > 0) ? undefined : 'String must be non-empty',
);

import { compileJavaRegex } from '../transforms/util/java-regex.ts';
import { connectorConfigDef } from './connector-config-def.ts';

export const TOPIC_CREATION_GROUP = 'Topic Creation';
export const EXACTLY_ONCE_GROUP = 'Exactly Once Support';
export const TOPIC_CREATION_PREFIX = 'topic.creation.';
export const DEFAULT_TOPIC_CREATION_GROUP = 'default';

export const EXACTLY_ONCE_SUPPORT_LEVELS = ['requested', 'required'] as const;
export const TRANSACTION_BOUNDARIES = ['poll', 'interval', 'connector'] as const;

const uniqueGroups = composite(nonNull, {
  ensureValid(name: string, value: unknown) {
    const groups = value as string[];
    if (new Set(groups).size < groups.length)
      throw new ConfigError(name, `[${groups.join(', ')}]`, 'Duplicate alias provided.');
  },
  toString: () => 'unique topic creation groups',
});

const atLeastZeroOrNull = rule('[0,...]', (value) =>
  value === null || (value as number) >= 0 ? undefined : 'Value must be at least 0',
);

export function sourceConnectorConfigDef(): ConfigDef {
  let order = 0;
  return connectorConfigDef()
    .define({
      name: 'topic.creation.groups',
      type: 'LIST',
      defaultValue: '',
      validator: uniqueGroups,
      importance: 'LOW',
      documentation: 'Groups of configurations for topics created by source connectors',
      group: TOPIC_CREATION_GROUP,
      orderInGroup: ++order,
      width: 'LONG',
      displayName: 'Topic Creation Groups',
    })
    .define({
      name: 'exactly.once.support',
      type: 'STRING',
      defaultValue: 'requested',
      validator: caseInsensitiveValidString(...EXACTLY_ONCE_SUPPORT_LEVELS),
      importance: 'MEDIUM',
      documentation:
        'Permitted values are requested, required. If set to "required", forces a preflight check that the connector can provide exactly-once semantics with the given configuration, and that the worker has exactly-once source support enabled.',
      group: EXACTLY_ONCE_GROUP,
      orderInGroup: ++order,
      width: 'SHORT',
      displayName: 'Exactly once support',
    })
    .define({
      name: 'transaction.boundary',
      type: 'STRING',
      defaultValue: 'poll',
      validator: caseInsensitiveValidString(...TRANSACTION_BOUNDARIES),
      importance: 'MEDIUM',
      documentation:
        "Permitted values are: poll, interval, connector. 'poll' commits a producer transaction for every batch a task returns from poll; 'interval' after transaction.boundary.interval.ms; 'connector' where the connector says (only connectors that can define transaction boundaries).",
      group: EXACTLY_ONCE_GROUP,
      orderInGroup: ++order,
      width: 'SHORT',
      displayName: 'Transaction Boundary',
    })
    .define({
      name: 'transaction.boundary.interval.ms',
      type: 'LONG',
      defaultValue: null,
      validator: atLeastZeroOrNull,
      importance: 'LOW',
      documentation:
        "With transaction.boundary=interval, how often transactions are committed; unset: the worker's offset.flush.interval.ms.",
      group: EXACTLY_ONCE_GROUP,
      orderInGroup: ++order,
      width: 'SHORT',
      displayName: 'Transaction boundary interval',
    })
    .define({
      name: 'offsets.storage.topic',
      type: 'STRING',
      defaultValue: null,
      validator: nonEmptyOrNull,
      importance: 'LOW',
      documentation:
        "Accepted for compatibility. serverless-connect keeps a source connector's offsets beside its task leases (DynamoDB, or the standalone offsets file), not in a Kafka topic.",
      group: 'offsets.topic',
      orderInGroup: 1,
      width: 'LONG',
      displayName: 'Offsets topic',
    });
}

const partitionsValidator = rule("Positive number, or -1 to use the broker's default", (value) =>
  value === null || value === -1 || (value as number) >= 1
    ? undefined
    : "Number of partitions must be positive, or -1 to use the broker's default",
);

const replicationFactorValidator = rule(
  "Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
  (value) =>
    value === null || value === -1 || (value as number) >= 1
      ? undefined
      : "Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
);

const regexList = {
  ensureValid(name: string, value: unknown) {
    const patterns = (value as string[] | null) ?? [];
    for (const pattern of patterns) {
      try {
        // The same translation of Java's syntax the task applies when it matches topic names.
        compileJavaRegex(pattern);
      } catch (error) {
        // Java prints the list as [a, b].
        throw new ConfigError(
          name,
          `[${patterns.join(', ')}]`,
          `Syntax error in regular expression: ${(error as Error).message}`,
        );
      }
    }
  },
  toString: () => 'list of regular expressions',
};

/**
 * The keys of each topic creation group, for a config that uses topic creation (any topic.creation.*
 * key): the default group's replication factor and partitions are required; other groups inherit
 * them. Kafka checks these when the connector starts; here they are validated with everything else,
 * so a bad group never gets stored.
 */
export function topicCreationConfigDef(config: Readonly<Record<string, string>>): ConfigDef {
  const def = new ConfigDef();
  const defaultPrefix = `${TOPIC_CREATION_PREFIX}${DEFAULT_TOPIC_CREATION_GROUP}.`;
  const groupKeys = (prefix: string, group: string, required: boolean) => {
    let order = 0;
    def
      .define({
        name: `${prefix}include`,
        type: 'LIST',
        defaultValue: required ? '.*' : '',
        validator: regexList,
        importance: 'LOW',
        documentation:
          'A list of regular expression literals used to match the topic names used by the source connector. This list is used to include topics that should be created using the topic settings defined by this group.',
        group,
        orderInGroup: ++order,
        width: 'LONG',
        displayName: `Inclusion Topic Pattern for ${group}`,
      })
      .define({
        name: `${prefix}exclude`,
        type: 'LIST',
        defaultValue: '',
        validator: regexList,
        importance: 'LOW',
        documentation:
          'A list of regular expression literals used to match the topic names used by the source connector. This list is used to exclude topics from being created with the topic settings defined by this group. Note that exclusion rules have precedent and override any inclusion rules for the topics.',
        group,
        orderInGroup: ++order,
        width: 'LONG',
        displayName: `Exclusion Topic Pattern for ${group}`,
      })
      .define({
        name: `${prefix}replication.factor`,
        type: 'SHORT',
        ...(required ? {} : { defaultValue: null }),
        validator: replicationFactorValidator,
        importance: 'LOW',
        documentation:
          "The replication factor for new topics created for this connector using this group. -1 uses the broker's default. Required for the default group; other groups inherit it.",
        group,
        orderInGroup: ++order,
        width: 'LONG',
        displayName: `Replication Factor for Topics in ${group}`,
      })
      .define({
        name: `${prefix}partitions`,
        type: 'INT',
        ...(required ? {} : { defaultValue: null }),
        validator: partitionsValidator,
        importance: 'LOW',
        documentation:
          "The number of partitions new topics created for this connector get. -1 uses the broker's default. Required for the default group; other groups inherit it.",
        group,
        orderInGroup: ++order,
        width: 'LONG',
        displayName: `Partition Count for Topics in ${group}`,
      });
  };
  groupKeys(defaultPrefix, DEFAULT_TOPIC_CREATION_GROUP, true);
  for (const group of topicCreationGroups(config))
    groupKeys(`${TOPIC_CREATION_PREFIX}${group}.`, `${TOPIC_CREATION_GROUP}: ${group}`, false);
  return def;
}

/** True when the config has any topic.creation.* key (Kafka's usesTopicCreation). */
export function usesTopicCreation(config: Readonly<Record<string, string>>): boolean {
  return Object.keys(config).some((key) => key.startsWith(TOPIC_CREATION_PREFIX));
}

/** The listed groups, `default` left out (it always exists), each once. */
export function topicCreationGroups(config: Readonly<Record<string, string>>): string[] {
  const groups = (config['topic.creation.groups'] ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '' && g !== DEFAULT_TOPIC_CREATION_GROUP);
  return [...new Set(groups)];
}
