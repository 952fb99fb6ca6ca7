// Confluent's own JavaScript registry client, as the tests use it to make and read fixtures. Its
// HTTP client (axios) waits forever by default; a request the registry never answers would then
// surface only as a test timeout minutes later, so every request gets a deadline and a retry. The
// deadline is generous: a registry JVM that is still cold on a loaded 2-core machine can take
// well over 15 s for its first schema lookups.
import { SchemaRegistryClient, TopicNameStrategy } from '@confluentinc/schemaregistry';
import { endpoints } from '../../scripts/infra/settings.ts';

export function confluentRegistryClient(): SchemaRegistryClient {
  return new SchemaRegistryClient({
    baseURLs: [endpoints.schemaRegistry],
    createAxiosDefaults: { timeout: 60_000 },
    maxRetries: 3,
    retriesWaitMs: 200,
    retriesMaxWaitMs: 2_000,
  });
}

/**
 * Serializer and deserializer settings that name subjects `<topic>-value` / `<topic>-key` directly, as Kafka
 * Connect's converters do. Without them the client's default strategy first asks the registry for
 * the topic's subject "associations" (an endpoint of Confluent's own registry); Apicurio's
 * compatibility API sometimes never answers that request, which stalled a fixture until its
 * deadline.
 */
export const topicNameSubjects = { subjectNameStrategy: TopicNameStrategy } as const;
