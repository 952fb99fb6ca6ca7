// Differential test of io.confluent.connect.avro.AvroConverter against Apicurio's AvroConverter (a
// fork of Confluent's Avro mapping) on the same real registry: both turn the same Connect data
// into Confluent's wire format and back. The payloads after the schema id must be the same bytes,
// the two ids must resolve to equivalent schemas, each side must read back the same Connect data
// from its own bytes and from the other's.
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../scripts/infra/settings.ts';
import { SchemaBuilder, Schemas } from '../../../shared/api/schema.ts';
import { AvroConverter } from '../../../shared/converters/schema-registry/avro/avro-converter.ts';
import { type ApicurioOutcome, runApicurio } from '../../conformance/apicurio-harness.ts';
import { type AvroCorpusCase, avroCorpus } from '../../conformance/avro-corpus.ts';
import { deepEqual, parsePrecise } from '../../conformance/compare.ts';
import { normalizeData } from '../../conformance/normalize.ts';
import { buildData } from '../../conformance/run-ours.ts';
import { uniqueName } from '../../support/local.ts';
import { useServices } from '../../support/services.ts';

const STRATEGY_CLASS = {
  topic: 'io.confluent.kafka.serializers.subject.TopicNameStrategy',
  record: 'io.confluent.kafka.serializers.subject.RecordNameStrategy',
  topicRecord: 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
} as const;

interface OurOutcome {
  bytes?: Buffer | null;
  roundTrip?: unknown;
  error?: string;
}

/** Where Apicurio's converter departs from Confluent's and ours follows Confluent's; they must still differ. */
const DIFFERENCES: Record<string, string> = {
  'optional-top-struct':
    'for an optional top-level struct Apicurio registers and writes the record alone; Confluent (and we) register the union with null and write its branch index',
};
const compared = (c: AvroCorpusCase) => !(c.id in DIFFERENCES);

/** Where Apicurio reads the same bytes differently from Confluent (and us); they must still differ. */
const READ_DIFFERENCES: Record<string, string> = {
  'random-38':
    'Apicurio reads an array of doubles back at float precision (3.1415927410125732 for π) from the very bytes both sides write alike; Confluent (and we) keep the double',
};
const readCompared = (c: AvroCorpusCase) => compared(c) && !(c.id in READ_DIFFERENCES);

const corpus = avroCorpus();
const run = uniqueName('avro-diff');
const topicOf = (c: AvroCorpusCase, side: 'j' | 'o') => `${run}-${c.id}-${side}`;
const converters = new Map<string, AvroConverter>();
let apicurio: Map<string, ApicurioOutcome>;
let apicurioReadsOurs: Map<string, ApicurioOutcome>;
const ours = new Map<string, OurOutcome>();
const oursReadsApicurio = new Map<string, OurOutcome>();

function converter(c: AvroCorpusCase): AvroConverter {
  const key = `${c.isKey}/${c.strategy}`;
  let found = converters.get(key);
  if (!found) {
    found = new AvroConverter();
    found.configure(
      {
        'schema.registry.url': endpoints.schemaRegistry,
        [`${c.isKey ? 'key' : 'value'}.subject.name.strategy`]: STRATEGY_CLASS[c.strategy],
      },
      c.isKey,
    );
    converters.set(key, found);
  }
  return found;
}

/** Through JSON, as the Java side's outcome is, so both are compared in the same parsed form. */
const viaJson = (value: unknown) => parsePrecise(JSON.stringify(value));

async function readOurs(c: AvroCorpusCase, topic: string, bytes: Buffer): Promise<unknown> {
  const avro = converter(c);
  await avro.prepareToConnect(topic, [bytes]);
  const data = avro.toConnectData(topic, null, bytes);
  return viaJson(normalizeData(data.schema, data.value));
}

async function schemaText(id: unknown): Promise<unknown> {
  const text = typeof id === 'object' && id !== null && 'text' in id ? String(id.text) : String(id);
  const response = await fetch(`${endpoints.schemaRegistry}/schemas/ids/${text}`);
  const body = (await response.json()) as { schema: string };
  return parsePrecise(body.schema);
}

/**
 * Apicurio's converter leaves the version of a read schema unset (its own TODO); Confluent's, and
 * ours, give it the subject version of the writer's schema. That alone is not compared here.
 */
function withoutTopVersion(ours: unknown, theirs: unknown): unknown {
  const schema = (ours as { schema?: Record<string, unknown> } | null)?.schema;
  const theirSchema = (theirs as { schema?: Record<string, unknown> } | null)?.schema;
  if (!schema || !theirSchema || 'version' in theirSchema) return ours;
  const { version: _dropped, ...rest } = schema;
  return { ...(ours as object), schema: rest };
}

/**
 * Apicurio's deserializer hands Connect a top-level Avro string, number or map as the raw Java
 * object with no schema (Confluent's wraps it with its schema), so for those Apicurio is no
 * reference for reading: our read-back is compared with the data written instead.
 */
const apicurioReadsWithSchema = (c: AvroCorpusCase) => {
  const type = (c.data.schema as { type: string }).type;
  return type === 'struct' || type === 'array';
};
const written = (c: AvroCorpusCase) =>
  viaJson(normalizeData(buildData(c.data as never).schema, buildData(c.data as never).value));

beforeAll(async () => {
  await useServices('schema-registry');
  apicurio = await runApicurio(
    corpus.map((c) => ({
      id: c.id,
      op: 'write',
      topic: topicOf(c, 'j'),
      isKey: c.isKey,
      strategy: c.strategy,
      data: c.data,
    })),
    endpoints.schemaRegistryApicurioV2,
  );
  for (const c of corpus) {
    const topic = topicOf(c, 'o');
    try {
      const data = buildData(c.data as never);
      const avro = converter(c);
      await avro.prepareFromConnect(topic, [data]);
      const bytes = avro.fromConnectData(topic, null, data.schema, data.value);
      ours.set(c.id, { bytes, roundTrip: bytes === null ? null : await readOurs(c, topic, bytes) });
    } catch (error) {
      ours.set(c.id, { error: (error as Error).message });
    }
  }
  apicurioReadsOurs = await runApicurio(
    corpus
      .filter((c) => ours.get(c.id)?.bytes)
      .map((c) => ({
        id: c.id,
        op: 'read',
        topic: topicOf(c, 'o'),
        isKey: c.isKey,
        strategy: c.strategy,
        bytes: ours.get(c.id)!.bytes!.toString('base64'),
      })),
    endpoints.schemaRegistryApicurioV2,
  );
  for (const c of corpus) {
    const bytes = apicurio.get(c.id)?.ok?.bytes;
    if (!bytes) continue;
    try {
      oursReadsApicurio.set(c.id, {
        roundTrip: await readOurs(c, topicOf(c, 'j'), Buffer.from(bytes, 'base64')),
      });
    } catch (error) {
      oursReadsApicurio.set(c.id, { error: (error as Error).message });
    }
  }
}, 600_000);

describe('AvroConverter against Apicurio’s AvroConverter on a real registry', () => {
  it('has a corpus of at least 200 cases covering the three subject name strategies', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
    for (const strategy of ['topic', 'record', 'topicRecord'])
      expect(corpus.filter((c) => c.strategy === strategy).length).toBeGreaterThan(10);
    console.log(`avro differential corpus: ${corpus.length} cases`);
  });

  it('both sides convert every case, or both refuse it', () => {
    const problems = corpus
      .filter((c) => Boolean(apicurio.get(c.id)?.error) !== Boolean(ours.get(c.id)?.error))
      .map(
        (c) => `${c.id}: apicurio ${JSON.stringify(apicurio.get(c.id)?.error)} ours ${ours.get(c.id)?.error}`,
      );
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('writes the same bytes after the schema id', () => {
    const problems: string[] = [];
    let comparedBytes = 0;
    for (const c of corpus.filter(compared)) {
      const theirs = apicurio.get(c.id)?.ok?.bytes;
      const mine = ours.get(c.id)?.bytes;
      if (theirs === undefined || mine === undefined) continue;
      const a = theirs === null ? null : Buffer.from(theirs, 'base64').subarray(5).toString('hex');
      const b = mine === null ? null : mine.subarray(5).toString('hex');
      if (a !== b) problems.push(`${c.id}: apicurio ${a}\n  ours    ${b}`);
      if (a !== null) comparedBytes++;
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(comparedBytes).toBeGreaterThanOrEqual(200);
  });

  it('registers schemas that are equivalent to Apicurio’s', async () => {
    const problems: string[] = [];
    for (const c of corpus.filter(compared)) {
      const theirs = apicurio.get(c.id)?.ok;
      const mine = ours.get(c.id)?.bytes;
      if (!theirs?.bytes || !mine) continue;
      const a = await schemaText(theirs.schemaId);
      const b = await schemaText(mine.readUInt32BE(1));
      if (!deepEqual(a, b))
        problems.push(`${c.id}:\n  apicurio ${JSON.stringify(a)}\n  ours     ${JSON.stringify(b)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('reads back the same Connect data from its own bytes as Apicurio does from its own', () => {
    const problems: string[] = [];
    for (const c of corpus.filter(readCompared)) {
      const theirs = apicurioReadsWithSchema(c) ? apicurio.get(c.id)?.ok?.roundTrip : written(c);
      const mine = ours.get(c.id)?.roundTrip;
      if (theirs === undefined || mine === undefined) continue;
      if (!deepEqual(withoutTopVersion(mine, theirs), theirs))
        problems.push(`${c.id}:\n  apicurio ${JSON.stringify(theirs)}\n  ours     ${JSON.stringify(mine)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('reads Apicurio’s bytes, and Apicurio reads ours, to the same Connect data', () => {
    const problems: string[] = [];
    for (const c of corpus.filter(readCompared)) {
      if (!apicurio.get(c.id)?.ok?.bytes) continue;
      const expected = apicurioReadsWithSchema(c) ? apicurio.get(c.id)?.ok?.roundTrip : written(c);
      const mine = oursReadsApicurio.get(c.id);
      if (!mine || mine.error || !deepEqual(withoutTopVersion(mine.roundTrip, expected), expected))
        problems.push(
          `${c.id} (ours reading Apicurio's):\n  expected ${JSON.stringify(expected)}\n  got      ${mine?.error ?? JSON.stringify(mine?.roundTrip)}`,
        );
      const theirs = apicurioReadsOurs.get(c.id);
      if (
        apicurioReadsWithSchema(c) &&
        ours.get(c.id)?.bytes &&
        (!theirs?.ok || !deepEqual(theirs.ok, expected))
      )
        problems.push(
          `${c.id} (Apicurio reading ours):\n  expected ${JSON.stringify(expected)}\n  got      ${JSON.stringify(theirs?.error ?? theirs?.ok)}`,
        );
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('still differs where Apicurio departs from Confluent', () => {
    for (const id of Object.keys(DIFFERENCES)) {
      const theirs = apicurio.get(id)?.ok?.bytes;
      const mine = ours.get(id)?.bytes;
      expect(theirs, id).toBeTruthy();
      expect(Buffer.from(theirs!, 'base64').subarray(5).equals(mine!.subarray(5)), id).toBe(false);
    }
    for (const id of Object.keys(READ_DIFFERENCES)) {
      const theirs = apicurio.get(id)?.ok?.roundTrip;
      const mine = ours.get(id)?.roundTrip;
      expect(theirs, id).toBeDefined();
      expect(deepEqual(withoutTopVersion(mine, theirs), theirs), id).toBe(false);
    }
  });

  it('gives a read schema the subject version of the writer’s schema, as Confluent’s converter does', async () => {
    const topic = uniqueName('avro-version');
    const avro = new AvroConverter();
    avro.configure({ 'schema.registry.url': endpoints.schemaRegistry }, false);
    const schema = SchemaBuilder.struct().name('com.example.Versioned').field('a', Schemas.INT32).build();
    const { Struct } = await import('../../../shared/api/schema.ts');
    const data = { schema, value: new Struct(schema).put('a', 1) };
    await avro.prepareFromConnect(topic, [data]);
    const bytes = avro.fromConnectData(topic, null, data.schema, data.value)!;
    const latest = (await (
      await fetch(`${endpoints.schemaRegistry}/subjects/${topic}-value/versions/latest`)
    ).json()) as { version: number };
    await avro.prepareToConnect(topic, [bytes]);
    expect(avro.toConnectData(topic, null, bytes).schema?.version).toBe(latest.version);
  });
});
