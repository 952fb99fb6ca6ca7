// A client for Confluent's Schema Registry REST API (and the registries that serve it: Apicurio's
// ccompat API, Redpanda, Karapace). Several URLs fail over; transient failures (network, 5xx, 429)
// are retried with a doubling wait; everything it learned is cached, so a warm converter asks the
// registry nothing: schemas by id, ids by (subject, schema), versions by (subject, id).
import { ConnectError, DataError, RetriableError } from '../../api/errors.ts';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface RegisteredSchema {
  readonly schemaType: SchemaType;
  /** False when the registry left schemaType out (Apicurio does for Protobuf lookups by id). */
  readonly typeDeclared?: boolean;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

export interface SubjectVersion extends RegisteredSchema {
  readonly subject: string;
  readonly id: number;
  readonly version: number;
}

export interface RegistryClientOptions {
  readonly urls: readonly string[];
  readonly userInfo: string | null;
  readonly maxRetries: number;
  readonly retriesWaitMs: number;
  readonly retriesMaxWaitMs: number;
  readonly requestTimeoutMs: number;
}

/**
 * The registry cannot be reached or is failing (network, 5xx, 429). Not a property of the record:
 * the runtime retries it within errors.retry.timeout and then fails the task, even under
 * errors.tolerance=all, so a registry outage never sends good records to the dead letter queue.
 */
export class RegistryUnavailableError extends RetriableError {
  readonly tolerable = false;
}

/** The registry refused the credentials: a configuration problem, never a record's. */
export class RegistryAccessError extends ConnectError {
  override javaClassName = 'org.apache.kafka.common.config.ConfigException';
  readonly tolerable = false;
}

/** The registry answered with an error about this schema, subject or id (Confluent's RestClientException). */
export class RegistryRequestError extends DataError {
  readonly status: number;
  readonly errorCode: number;

  constructor(message: string, status: number, errorCode: number) {
    super(`${message}; error code: ${errorCode}`);
    this.status = status;
    this.errorCode = errorCode;
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPT =
  'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5';

const transient = (status: number) => status >= 500 || status === 429 || status === 408;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SchemaRegistryClient {
  readonly #options: RegistryClientOptions;
  readonly #authorization: string | undefined;
  /** The URL that answered last: a failed one is tried again only after the others. */
  #urlIndex = 0;
  readonly #byId = new Map<number, Promise<RegisteredSchema>>();
  readonly #idBySchema = new Map<string, Promise<SubjectVersion>>();
  readonly #versionById = new Map<string, Promise<number | null>>();
  readonly #bySubjectVersion = new Map<string, Promise<SubjectVersion>>();
  readonly #latest = new Map<string, { at: number; value: Promise<SubjectVersion> }>();
  /** Requests sent, for tests and the benchmark: a warm converter sends none. */
  requests = 0;

  constructor(options: RegistryClientOptions) {
    this.#options = options;
    this.#authorization =
      options.userInfo === null ? undefined : `Basic ${Buffer.from(options.userInfo).toString('base64')}`;
  }

  /** The schema registered under `id` (GET /schemas/ids/{id}). */
  schemaById(id: number): Promise<RegisteredSchema> {
    return this.#cached(this.#byId, id, async () => {
      const body = (await this.#request('GET', `/schemas/ids/${id}`)) as {
        schema: string;
        schemaType?: string;
        references?: SchemaReference[];
      };
      return {
        schemaType: schemaTypeOf(body.schemaType),
        typeDeclared: body.schemaType !== undefined,
        schema: body.schema,
        references: body.references ?? [],
      };
    });
  }

  /** Registers `schema` under `subject` (or finds it registered) and returns its id. */
  register(subject: string, schema: RegisteredSchema, normalize: boolean): Promise<SubjectVersion> {
    const key = `r\u0000${subject}\u0000${schema.schemaType}\u0000${schema.schema}`;
    return this.#cached(this.#idBySchema, key, async () => {
      const body = (await this.#request(
        'POST',
        `/subjects/${encodeURIComponent(subject)}/versions${normalize ? '?normalize=true' : ''}`,
        requestBody(schema),
      )) as { id: number };
      this.#byId.set(body.id, Promise.resolve(schema));
      return { ...schema, subject, id: body.id, version: -1 };
    });
  }

  /** The id and version `schema` has under `subject` (POST /subjects/{subject}); fails when it has none. */
  lookup(subject: string, schema: RegisteredSchema, normalize: boolean): Promise<SubjectVersion> {
    const key = `l\u0000${subject}\u0000${schema.schemaType}\u0000${schema.schema}`;
    return this.#cached(this.#idBySchema, key, async () => {
      const body = (await this.#request(
        'POST',
        `/subjects/${encodeURIComponent(subject)}${normalize ? '?normalize=true' : ''}`,
        requestBody(schema),
      )) as { id: number; version: number };
      return { ...schema, subject, id: body.id, version: body.version };
    });
  }

  /**
   * The version the schema of `id` has under `subject`, or null when it is not registered there
   * (Confluent's converters give a read Connect schema that version).
   */
  versionOf(subject: string, id: number): Promise<number | null> {
    return this.#cached(this.#versionById, `${subject}\u0000${id}`, async () => {
      const schema = await this.schemaById(id);
      try {
        return (await this.lookup(subject, schema, false)).version;
      } catch (error) {
        if (error instanceof RegistryRequestError && error.status === 404) return null;
        throw error;
      }
    });
  }

  /** A subject's version ("latest" or a number), for references and use.latest.version. */
  subjectVersion(subject: string, version: number | 'latest', ttlSec = -1): Promise<SubjectVersion> {
    const load = async (): Promise<SubjectVersion> => {
      const body = (await this.#request(
        'GET',
        `/subjects/${encodeURIComponent(subject)}/versions/${version}`,
      )) as {
        id: number;
        version: number;
        schema: string;
        schemaType?: string;
        references?: SchemaReference[];
      };
      const found: SubjectVersion = {
        subject,
        id: body.id,
        version: body.version,
        schema: body.schema,
        schemaType: schemaTypeOf(body.schemaType),
        typeDeclared: body.schemaType !== undefined,
        references: body.references ?? [],
      };
      if (!this.#byId.has(found.id)) this.#byId.set(found.id, Promise.resolve(found));
      return found;
    };
    if (version !== 'latest') return this.#cached(this.#bySubjectVersion, `${subject}\u0000${version}`, load);
    const cached = this.#latest.get(subject);
    if (cached && (ttlSec < 0 || Date.now() - cached.at < ttlSec * 1000)) return cached.value;
    const value = load();
    this.#latest.set(subject, { at: Date.now(), value });
    value.catch(() => this.#latest.delete(subject));
    return value;
  }

  /** Keeps successes; forgets failures so that the next attempt asks again. */
  #cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key);
    if (hit) return hit;
    const pending = load();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    return pending;
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const { urls, maxRetries, retriesWaitMs, retriesMaxWaitMs, requestTimeoutMs } = this.#options;
    let lastProblem = '';
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) await sleep(Math.min(retriesMaxWaitMs, retriesWaitMs * 2 ** (attempt - 1)));
      // One pass over every URL per attempt, starting with the one that answered last.
      for (let i = 0; i < urls.length; i++) {
        const index = (this.#urlIndex + i) % urls.length;
        const base = urls[index]!;
        let response: Response;
        try {
          this.requests++;
          response = await fetch(base + path, {
            method,
            headers: {
              Accept: ACCEPT,
              ...(body === undefined ? {} : { 'Content-Type': CONTENT_TYPE }),
              ...(this.#authorization ? { Authorization: this.#authorization } : {}),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(requestTimeoutMs),
          });
        } catch (error) {
          lastProblem = `${base}: ${describe(error)}`;
          continue;
        }
        const text = await response.text();
        if (response.ok) {
          this.#urlIndex = index;
          return JSON.parse(text) as unknown;
        }
        if (transient(response.status)) {
          lastProblem = `${base}: HTTP ${response.status} ${text.slice(0, 200)}`;
          continue;
        }
        this.#urlIndex = index;
        const { message, errorCode } = errorBody(text, response.status);
        if (response.status === 401 || response.status === 403)
          throw new RegistryAccessError(
            `Schema Registry at ${base} refused the request (HTTP ${response.status}): ${message}; check basic.auth.credentials.source and basic.auth.user.info`,
          );
        throw new RegistryRequestError(message, response.status, errorCode);
      }
    }
    throw new RegistryUnavailableError(
      `Schema Registry unavailable after ${maxRetries + 1} attempt(s) on ${urls.length} URL(s): ${lastProblem}`,
    );
  }
}

function requestBody(schema: RegisteredSchema): Record<string, unknown> {
  return {
    schema: schema.schema,
    // Confluent leaves schemaType out for Avro, its default.
    ...(schema.schemaType === 'AVRO' ? {} : { schemaType: schema.schemaType }),
    ...(schema.references.length > 0 ? { references: schema.references } : {}),
  };
}

function schemaTypeOf(type: string | undefined): SchemaType {
  return type === 'PROTOBUF' || type === 'JSON' ? type : 'AVRO';
}

function errorBody(text: string, status: number): { message: string; errorCode: number } {
  try {
    const body = JSON.parse(text) as { message?: string; error_code?: number };
    return { message: body.message ?? text, errorCode: body.error_code ?? status };
  } catch {
    return { message: text || `HTTP ${status}`, errorCode: status };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
