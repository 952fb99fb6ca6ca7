// Confluent's subject name strategies: under which subject a key's or value's schema is
// registered and looked up. The record name is the format's own (an Avro record's full name, a
// Protobuf message's full name, a JSON Schema's title).
import { ConfigError, DataError } from '../../api/errors.ts';

export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | null) => string;

const PACKAGE = 'io.confluent.kafka.serializers.subject.';

function requireRecord(strategy: string, isKey: boolean, recordName: string | null): string {
  if (recordName !== null) return recordName;
  throw new DataError(
    `In configuration ${isKey ? 'key' : 'value'}.subject.name.strategy = ${PACKAGE}${strategy}, the message must only be a record schema`,
  );
}

const strategies: Record<string, SubjectNameStrategy> = {
  TopicNameStrategy: (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`,
  RecordNameStrategy: (_topic, isKey, recordName) => requireRecord('RecordNameStrategy', isKey, recordName),
  TopicRecordNameStrategy: (topic, isKey, recordName) =>
    `${topic}-${requireRecord('TopicRecordNameStrategy', isKey, recordName)}`,
};

/** The class names Confluent's converters accept, full and (as Kafka resolves plugins) simple. */
export const SUBJECT_NAME_STRATEGIES: readonly string[] = Object.keys(strategies).flatMap((name) => [
  PACKAGE + name,
  name,
]);

/** True when the subject depends on the schema, so the same topic can carry several subjects. */
export function usesRecordName(className: string): boolean {
  return !className.endsWith('TopicNameStrategy') || className.endsWith('TopicRecordNameStrategy');
}

export function subjectNameStrategy(className: string): SubjectNameStrategy {
  const simple = className.startsWith(PACKAGE) ? className.slice(PACKAGE.length) : className;
  const strategy = strategies[simple];
  if (!strategy) throw new ConfigError('subject.name.strategy', className, 'Unknown subject name strategy');
  return strategy;
}
