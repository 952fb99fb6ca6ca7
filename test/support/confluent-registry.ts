// Confluent's own JavaScript registry client, as the tests use it to make and read fixtures. Its
// HTTP client (axios) waits forever by default; a request the registry never answers would then
// surface only as a test timeout minutes later, so every request gets a deadline and a retry.
import { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import { endpoints } from '../../scripts/infra/settings.ts';

export function confluentRegistryClient(): SchemaRegistryClient {
  return new SchemaRegistryClient({
    baseURLs: [endpoints.schemaRegistry],
    createAxiosDefaults: { timeout: 15_000 },
    maxRetries: 3,
    retriesWaitMs: 200,
    retriesMaxWaitMs: 2_000,
  });
}
