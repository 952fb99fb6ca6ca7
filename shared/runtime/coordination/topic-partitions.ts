// Which partitions a sink connector reads: the partitions of its `topics`, or of every topic
// matching `topics.regex` (whole-name match, internal topics excluded, as Kafka's consumer does).
import type { TopicPartition } from '../../api/connector.ts';
import { ConnectError } from '../../api/errors.ts';
import type { KafkaAdmin } from '../../kafka/types.ts';

export type TopicSelection = { readonly topics: readonly string[] } | { readonly regex: RegExp };

export function topicSelection(config: Readonly<Record<string, string>>): TopicSelection {
  const regex = config['topics.regex']?.trim();
  if (regex) return { regex: new RegExp(`^(?:${regex})$`) };
  const topics = (config.topics ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return { topics: [...new Set(topics)] };
}

export class UnknownTopicError extends ConnectError {}

/**
 * The partitions selected right now. With `requireAll`, a named topic that does not exist is an
 * error naming it (at start: a typo should not wait silently); later lookups tolerate a deleted topic.
 */
export async function selectedPartitions(
  admin: KafkaAdmin,
  selection: TopicSelection,
  requireAll: boolean,
): Promise<TopicPartition[]> {
  let topics: string[];
  if ('regex' in selection) {
    topics = (await admin.listTopics()).filter((t) => !t.startsWith('__') && selection.regex.test(t));
  } else {
    topics = [...selection.topics];
  }
  const counts = await admin.partitionCounts(topics);
  if (requireAll && 'topics' in selection) {
    const missing = topics.filter((t) => !counts.has(t));
    if (missing.length > 0) {
      throw new UnknownTopicError(
        `Topic${missing.length > 1 ? 's' : ''} ${missing.map((t) => `'${t}'`).join(', ')} named in 'topics' ${missing.length > 1 ? 'do' : 'does'} not exist on the Kafka cluster; create ${missing.length > 1 ? 'them' : 'it'} first or fix the name`,
      );
    }
  }
  const partitions: TopicPartition[] = [];
  for (const topic of [...counts.keys()].sort()) {
    for (let partition = 0; partition < counts.get(topic)!; partition++)
      partitions.push({ topic, partition });
  }
  return partitions;
}
