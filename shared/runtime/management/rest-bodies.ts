// Parses request bodies into what the service expects, rejecting anything else with 400 and a
// message saying what was wrong. Kafka (Jackson) answers 500 for malformed JSON and wrong types; we
// answer 400 on purpose, because the mistake is the client's and a 5xx invites blind retries.
import type { TargetState } from '../stores/config-store.ts';
import { TARGET_STATES } from '../stores/config-store.ts';
import type { CreateConnectorRequest, SinkOffset } from './connector-service.ts';
import { badRequest } from './rest-error.ts';

export function parseJson(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '') throw badRequest('Request body is missing');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A config map: string values; numbers and booleans are accepted and turned into their string
 * form, as Jackson does for Map<String, String>. With `allowNull` (PATCH) null means "remove";
 * otherwise a null value is dropped, which is what a missing key means too.
 */
export function parseConfigMap(value: unknown, what: string): Record<string, string>;
export function parseConfigMap(value: unknown, what: string, allowNull: true): Record<string, string | null>;
export function parseConfigMap(
  value: unknown,
  what: string,
  allowNull = false,
): Record<string, string | null> {
  if (!isObject(value)) throw badRequest(`${what} must be a JSON object of string values`);
  const config: Record<string, string | null> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') config[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') config[key] = String(entry);
    else if (entry === null) {
      if (allowNull) config[key] = null;
    } else throw badRequest(`Value of ${what} key '${key}' must be a string, number, boolean or null`);
  }
  return config;
}

export function parseCreateRequest(body: unknown): CreateConnectorRequest {
  if (!isObject(body)) throw badRequest('Request body must be a JSON object with "name" and "config"');
  const { name, config, initial_state: initialState } = body;
  if (body.config === undefined || body.config === null) {
    // Kafka fails with a NullPointerException (500) here.
    throw badRequest('Request body must contain "config", the connector configuration');
  }
  const parsedConfig = parseConfigMap(config, 'config');
  let parsedName: string;
  if (typeof name === 'string') parsedName = name;
  else if (typeof name === 'number' || typeof name === 'boolean') parsedName = String(name);
  else if (name === undefined || name === null) parsedName = parsedConfig.name ?? '';
  else throw badRequest('"name" must be a string');
  const request: { name: string; config: Record<string, string>; initialState?: TargetState } = {
    name: parsedName,
    config: parsedConfig,
  };
  if (initialState !== undefined && initialState !== null) {
    if (
      typeof initialState !== 'string' ||
      !TARGET_STATES.includes(initialState.toUpperCase() as TargetState)
    ) {
      throw badRequest(
        `Invalid initial_state ${String(initialState)}: must be one of ${TARGET_STATES.join(', ')}`,
      );
    }
    request.initialState = initialState.toUpperCase() as TargetState;
  }
  return request;
}

/** One {partition, offset} pair of a PATCH /offsets body, before the connector's type is known. */
export interface OffsetEntry {
  readonly partition: Readonly<Record<string, unknown>> | null;
  readonly offset: Readonly<Record<string, unknown>> | null;
}

/**
 * The PATCH /offsets body as Kafka's ConnectorsResource reads it: a non-empty list of partition /
 * offset pairs. What each pair must hold depends on the connector's type (sink or source), which
 * Kafka checks only after finding the connector stopped; so do we.
 */
export function parseOffsetsBody(body: unknown): OffsetEntry[] {
  const offsets = isObject(body) ? body.offsets : undefined;
  if (offsets === undefined || offsets === null || (Array.isArray(offsets) && offsets.length === 0)) {
    throw badRequest('Partitions / offsets need to be provided for an alter offsets request');
  }
  if (!Array.isArray(offsets)) throw badRequest('"offsets" must be a list');
  return offsets.map((entry): OffsetEntry => {
    if (!isObject(entry)) throw badRequest('Each offset must be a JSON object with "partition" and "offset"');
    const { partition, offset } = entry;
    if (partition !== undefined && partition !== null && !isObject(partition))
      throw badRequest('"partition" must be a JSON object');
    if (offset !== undefined && offset !== null && !isObject(offset))
      throw badRequest('"offset" must be a JSON object or null');
    return { partition: partition ?? null, offset: offset ?? null };
  });
}

/** A sink connector's offsets, with Kafka's messages (SinkUtils.parseSinkConnectorOffsets) for each mistake. */
export function parseSinkOffsets(entries: readonly OffsetEntry[]): SinkOffset[] {
  return entries.map(({ partition, offset }): SinkOffset => {
    if (partition === null || !('kafka_topic' in partition) || !('kafka_partition' in partition)) {
      throw badRequest(
        "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'",
      );
    }
    const topic = partition.kafka_topic;
    if (typeof topic !== 'string' || topic === '') {
      throw badRequest(
        'Kafka topic names must be valid strings that are non-empty, but the following value was provided: ' +
          `'${String(topic)}'`,
      );
    }
    const partitionNumber = integerOf(partition.kafka_partition);
    if (partitionNumber === undefined || partitionNumber < 0) {
      throw badRequest(
        `Failed to parse the following Kafka partition value in the provided offsets: '${String(partition.kafka_partition)}'. Partition values for sink connectors need to be integers.`,
      );
    }
    // Kafka treats a missing offset like null (a reset of that partition).
    if (offset === null) {
      return { partition: { kafka_topic: topic, kafka_partition: partitionNumber }, offset: null };
    }
    if (!('kafka_offset' in offset)) {
      throw badRequest(
        "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
      );
    }
    const offsetNumber = integerOf(offset.kafka_offset);
    // Kafka fails a negative offset only when writing it (500); it can never be valid, so 400 here.
    if (offsetNumber === undefined || offsetNumber < 0) {
      throw badRequest(
        `Failed to parse the following Kafka offset value in the provided offsets: '${String(offset.kafka_offset)}'. Offset values for sink connectors need to be integers.`,
      );
    }
    return {
      partition: { kafka_topic: topic, kafka_partition: partitionNumber },
      offset: { kafka_offset: offsetNumber },
    };
  });
}

/** Kafka parses partitions and offsets from numbers or numeric strings. */
function integerOf(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}
