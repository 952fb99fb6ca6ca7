// Topic creation for source connectors (KIP-158): before a task first writes to a topic, the topic
// is looked up and, when missing, created with the settings of the first topic creation group that
// matches it (groups in their listed order, then `default`). Kafka's rules: a config without any
// topic.creation.* key creates nothing (the broker's auto-creation may still apply); the default
// group's include/exclude are ignored (it takes every topic); other groups inherit the default
// group's partitions and replication factor; any other key of a group is a topic config.
import { ConnectError } from '../../api/errors.ts';
import {
  DEFAULT_TOPIC_CREATION_GROUP,
  TOPIC_CREATION_PREFIX,
  topicCreationGroups,
  usesTopicCreation,
} from '../../config/source-connector-config-def.ts';
import type { KafkaAdmin, NewTopic } from '../../kafka/types.ts';
import { compileJavaRegex, type JavaPattern } from '../../transforms/util/java-regex.ts';
import type { Logger } from '../logger.ts';

export interface TopicCreationGroup {
  readonly name: string;
  readonly include: JavaPattern;
  readonly exclude: JavaPattern;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

const GROUP_KEYS = new Set(['include', 'exclude', 'partitions', 'replication.factor']);

/**
 * The groups in matching order (listed groups, then default); empty when the config does not use
 * topic creation or the worker turned it off (topic.creation.enable=false).
 */
export function topicCreationSettings(
  config: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
): TopicCreationGroup[] {
  const enabled = (worker['topic.creation.enable'] ?? 'true').trim().toLowerCase() !== 'false';
  if (!enabled || !usesTopicCreation(config)) return [];
  const prefix = (group: string) => `${TOPIC_CREATION_PREFIX}${group}.`;
  const number = (key: string): number | undefined =>
    config[key] === undefined || config[key]!.trim() === '' ? undefined : Number(config[key]);
  const defaultPartitions = number(`${prefix(DEFAULT_TOPIC_CREATION_GROUP)}partitions`) ?? -1;
  const defaultReplication = number(`${prefix(DEFAULT_TOPIC_CREATION_GROUP)}replication.factor`) ?? -1;
  const group = (name: string): TopicCreationGroup => {
    const keyPrefix = prefix(name);
    const configs: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
      if (!key.startsWith(keyPrefix)) continue;
      const setting = key.slice(keyPrefix.length);
      if (!GROUP_KEYS.has(setting)) configs[setting] = value;
    }
    const list = (setting: string) =>
      (config[`${keyPrefix}${setting}`] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    const isDefault = name === DEFAULT_TOPIC_CREATION_GROUP;
    return {
      name,
      // Kafka joins a group's patterns with '|'; an empty list matches no topic name.
      include: compileJavaRegex(isDefault ? '.*' : list('include').join('|')),
      exclude: compileJavaRegex(isDefault ? '' : list('exclude').join('|')),
      partitions: number(`${keyPrefix}partitions`) ?? defaultPartitions,
      replicationFactor: number(`${keyPrefix}replication.factor`) ?? defaultReplication,
      configs,
    };
  };
  return [...topicCreationGroups(config).map(group), group(DEFAULT_TOPIC_CREATION_GROUP)];
}

/** The group a new topic gets its settings from. */
export function groupFor(groups: readonly TopicCreationGroup[], topic: string): TopicCreationGroup {
  const found = groups.find((g) => !g.exclude.matches(topic) && g.include.matches(topic));
  return found ?? groups[groups.length - 1]!;
}

export class TopicCreator {
  readonly #admin: KafkaAdmin;
  readonly #groups: readonly TopicCreationGroup[];
  readonly #logger: Logger;
  /** Topics known to exist (created here, or found). */
  readonly #known = new Set<string>();

  constructor(admin: KafkaAdmin, groups: readonly TopicCreationGroup[], logger: Logger) {
    this.#admin = admin;
    this.#groups = groups;
    this.#logger = logger;
  }

  /** Makes sure every topic exists, creating the missing ones; throws ConnectError when one cannot be. */
  async ensure(topics: Iterable<string>): Promise<void> {
    if (this.#groups.length === 0) return;
    const unknown = [...new Set(topics)].filter((t) => !this.#known.has(t));
    if (unknown.length === 0) return;
    const existing = await this.#admin.partitionCounts(unknown);
    const missing: NewTopic[] = [];
    for (const topic of unknown) {
      if (existing.has(topic)) {
        this.#known.add(topic);
        continue;
      }
      const group = groupFor(this.#groups, topic);
      this.#logger.info('creating topic', { topic, group: group.name });
      missing.push({
        topic,
        partitions: group.partitions,
        replicationFactor: group.replicationFactor,
        configs: group.configs,
      });
    }
    if (missing.length === 0) return;
    try {
      await this.#admin.createTopics(missing);
    } catch (error) {
      // Another task may have created it in the meantime: that is as good.
      const now = await this.#admin.partitionCounts(missing.map((t) => t.topic));
      const failed = missing.filter((t) => !now.has(t.topic));
      if (failed.length > 0) {
        throw new ConnectError(
          `Task failed to create new topic ${failed.map((t) => t.topic).join(', ')}: ${(error as Error).message}. Ensure that the task is authorized to create topics or that the topic exists and restart the task`,
          { cause: error },
        );
      }
    }
    for (const t of missing) this.#known.add(t.topic);
  }
}
