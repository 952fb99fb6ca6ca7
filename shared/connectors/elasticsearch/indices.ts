// Makes sure a topic's index (or data stream) exists before its first documents are sent, once per
// index per task, as the reference connectors do: Confluent creates the index and then puts a
// mapping built from the value schema when the index has none; Aiven creates the index with the
// mapping in one request. With schema.ignore the server maps fields dynamically.
import type { TaskLogger } from '../../api/connector.ts';
import type { Schema } from '../../api/schema.ts';
import { type ClusterTransport, HttpStatusError, UnreachableError } from './http/transport.ts';
import { mappingFor } from './mapping.ts';
import { callWithRetries, type RetryOptions } from './retry.ts';
import type { SinkSettings } from './settings.ts';

const ALREADY_EXISTS = 'resource_already_exists_exception';

export function isRetriable(error: unknown): boolean {
  return error instanceof UnreachableError || (error instanceof HttpStatusError && error.retriable);
}

export class IndexManager {
  readonly #settings: SinkSettings;
  readonly #transport: ClusterTransport;
  readonly #retry: RetryOptions;
  readonly #ready = new Map<string, Promise<void>>();
  readonly #done = new Set<string>();

  constructor(settings: SinkSettings, transport: ClusterTransport, logger: TaskLogger) {
    this.#settings = settings;
    this.#transport = transport;
    this.#retry = {
      maxRetries: settings.maxRetries,
      retryBackoffMs: settings.retryBackoffMs,
      retriable: isRetriable,
      onRetry: (message) => logger.warn(message),
    };
  }

  /** Undefined when the index is known to be ready (the common case: no promise per record). */
  ensure(index: string, valueSchema: Schema | null, useSchema: boolean): Promise<void> | undefined {
    if (this.#done.has(index)) return undefined;
    let ready = this.#ready.get(index);
    if (ready === undefined) {
      ready = this.#prepare(index, valueSchema, useSchema).then(
        () => void this.#done.add(index),
        (error: unknown) => {
          // A failed preparation is tried again with the next record, not remembered.
          this.#ready.delete(index);
          throw error;
        },
      );
      this.#ready.set(index, ready);
    }
    return ready;
  }

  async #prepare(index: string, schema: Schema | null, useSchema: boolean): Promise<void> {
    const settings = this.#settings;
    // Resources named by external.resource.usage must already exist: validation checked them.
    if (settings.externalResources) return;
    if (settings.dataStream) {
      await this.#createDataStream(index);
      if (useSchema && settings.flavour === 'opensearch') await this.#putMapping(index, schema);
      return;
    }
    if (settings.flavour === 'opensearch') {
      const mappings = useSchema ? mappingFor(schema) : { dynamic: true };
      await this.#create(`create index ${index}`, `/${encodeURIComponent(index)}?wait_for_active_shards=1`, {
        mappings,
      });
      return;
    }
    await this.#create(`create index ${index}`, `/${encodeURIComponent(index)}`, undefined);
    if (useSchema && !(await this.#hasMapping(index))) await this.#putMapping(index, schema);
  }

  /** PUT that tolerates "already exists" (another task, or an earlier run, created it first). */
  async #create(what: string, path: string, body: unknown): Promise<void> {
    await callWithRetries(
      what,
      async () => {
        try {
          await this.#transport.request('PUT', path, body === undefined ? undefined : JSON.stringify(body));
        } catch (error) {
          if (error instanceof HttpStatusError && error.body.includes(ALREADY_EXISTS)) return;
          throw error;
        }
      },
      this.#retry,
    );
  }

  async #hasMapping(index: string): Promise<boolean> {
    const response = await callWithRetries(
      `get mapping for index ${index}`,
      () => this.#transport.request('GET', `/${encodeURIComponent(index)}/_mapping`),
      this.#retry,
    );
    const mappings = JSON.parse(response.text) as Record<string, { mappings?: { properties?: object } }>;
    const properties = Object.values(mappings)[0]?.mappings?.properties;
    return properties !== undefined && Object.keys(properties).length > 0;
  }

  async #putMapping(index: string, schema: Schema | null): Promise<void> {
    const mapping = JSON.stringify(mappingFor(schema));
    await callWithRetries(
      `create mapping for index ${index}`,
      () => this.#transport.request('PUT', `/${encodeURIComponent(index)}/_mapping`, mapping),
      this.#retry,
    );
  }

  /**
   * A data stream needs an index template that enables data streams for its name. Elasticsearch
   * ships templates for logs-*-* and metrics-*-*; OpenSearch ships none, so when the server says no
   * template matches, one is created for this stream (as Aiven's connector always does).
   */
  async #createDataStream(name: string): Promise<void> {
    const stream = this.#settings.dataStream!;
    const path = `/_data_stream/${encodeURIComponent(name)}`;
    if (this.#settings.flavour === 'opensearch')
      await this.#ensureTemplate(stream.templateName ?? `${name}-connector-data-stream-template`, name);
    try {
      await this.#create(`create data stream ${name}`, path, undefined);
    } catch (error) {
      const text =
        error instanceof Error ? `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}` : '';
      if (!/no matching index template|index_template/i.test(text)) throw error;
      await this.#ensureTemplate(`${name}-connector-data-stream-template`, name);
      await this.#create(`create data stream ${name}`, path, undefined);
    }
  }

  async #ensureTemplate(template: string, pattern: string): Promise<void> {
    const body = {
      index_patterns: [pattern],
      data_stream: { timestamp_field: { name: this.#settings.dataStream!.templateTimestampField } },
      priority: 200,
    };
    const path = `/_index_template/${encodeURIComponent(template)}`;
    const exists = await callWithRetries(
      `check index template ${template}`,
      async () => {
        try {
          await this.#transport.request('GET', path);
          return true;
        } catch (error) {
          if (error instanceof HttpStatusError && error.status === 404) return false;
          throw error;
        }
      },
      this.#retry,
    );
    if (!exists) await this.#create(`create index template ${template}`, path, body);
  }
}
