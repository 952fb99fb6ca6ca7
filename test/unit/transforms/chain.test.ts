import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/api/errors.ts';
import { Headers } from '../../../shared/api/headers.ts';
import { Schemas } from '../../../shared/api/schema.ts';
import { validateSinkConnectorConfig, validationErrors } from '../../../shared/config/validate-connector.ts';
import { builtinPlugins } from '../../../shared/runtime/plugins/builtin-plugins.ts';
import { StageError } from '../../../shared/runtime/tasks/stage-error.ts';
import { createTransformer } from '../../../shared/runtime/tasks/transformer-factory.ts';
import { map, sinkRecord } from './records.ts';

const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';
const registry = builtinPlugins();
const chain = (config: Record<string, string>) => createTransformer(config, registry);

describe('transformation chain', () => {
  it('is absent when no transforms are configured', () => {
    expect(chain({})).toBeNull();
    expect(chain({ transforms: ' ' })).toBeNull();
  });

  it('applies the transformations in order, each with its own keys', () => {
    const transformer = chain({
      transforms: 'hoist, route',
      'transforms.hoist.type': `${T}HoistField$Value`,
      'transforms.hoist.field': 'line',
      'transforms.route.type': `${T}RegexRouter`,
      'transforms.route.regex': '(.*)',
      'transforms.route.replacement': 'copy-$1',
    })!;
    const result = transformer.apply(sinkRecord({ value: 'hi' }));
    expect(result?.value).toEqual(map({ line: 'hi' }));
    expect(result?.topic).toBe('copy-orders');
  });

  it('applies a transformation only where its predicate holds, or does not with negate', () => {
    const config = {
      transforms: 'dropTombstones,tag',
      'transforms.dropTombstones.type': `${T}Filter`,
      'transforms.dropTombstones.predicate': 'isTombstone',
      'transforms.tag.type': `${T}InsertHeader`,
      'transforms.tag.header': 'eu',
      'transforms.tag.value.literal': 'true',
      'transforms.tag.predicate': 'euTopics',
      'transforms.tag.negate': 'true',
      predicates: 'isTombstone,euTopics',
      'predicates.isTombstone.type': `${P}RecordIsTombstone`,
      'predicates.euTopics.type': `${P}TopicNameMatches`,
      'predicates.euTopics.pattern': '.*-eu',
    };
    const transformer = chain(config)!;
    expect(transformer.apply(sinkRecord({ value: null }))).toBeNull();
    const us = transformer.apply(sinkRecord({ topic: 'orders-us', value: 'x' }));
    expect(us?.headers.lastWithName('eu')?.value).toBe(true);
    const eu = transformer.apply(sinkRecord({ topic: 'orders-eu', value: 'x' }));
    expect(eu?.headers.size).toBe(0);
  });

  it('stops at a dropped record', () => {
    const transformer = chain({
      transforms: 'drop,fail',
      'transforms.drop.type': `${T}Filter`,
      'transforms.fail.type': `${T}ExtractField$Value`,
      'transforms.fail.field': 'x',
    })!;
    expect(transformer.apply(sinkRecord({ valueSchema: Schemas.STRING, value: 'not a struct' }))).toBeNull();
  });

  it('reports a failing record with the TRANSFORMATION stage and the SMT class', () => {
    const transformer = chain({
      transforms: 'extract',
      'transforms.extract.type': `${T}ExtractField$Value`,
      'transforms.extract.field': 'x',
    })!;
    let error: unknown;
    try {
      transformer.apply(sinkRecord({ value: 'text' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StageError);
    expect((error as StageError).stage).toBe('TRANSFORMATION');
    expect((error as StageError).pluginClass).toBe(`${T}ExtractField$Value`);
  });

  it('resolves plugins by alias where Kafka derives an unambiguous one', () => {
    const transformer = chain({
      transforms: 'a',
      'transforms.a.type': 'Filter',
      'transforms.a.predicate': 'p',
      predicates: 'p',
      'predicates.p.type': 'RecordIsTombstone',
    })!;
    expect(transformer.apply(sinkRecord({ value: null }))).toBeNull();
    expect(transformer.apply(sinkRecord({ value: 1 }))?.value).toBe(1);
  });

  it('does not share headers between the input and the output', () => {
    const input = sinkRecord({ headers: new Headers().add('a', 1) });
    const result = chain({
      transforms: 'drop',
      'transforms.drop.type': `${T}DropHeaders`,
      'transforms.drop.headers': 'a',
    })!.apply(input);
    expect(result?.headers.size).toBe(0);
    expect(input.headers.size).toBe(1);
  });
});

describe('transformation chain config errors (messages as Kafka 4.1 ConnectorConfig reports them)', () => {
  const failure = (config: Record<string, string>) => {
    try {
      chain(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the missing or unknown class', () => {
    expect(failure({ transforms: 'a' })).toBe(
      'Invalid value null for configuration transforms.a.type: Not a Transformation',
    );
    expect(failure({ transforms: 'a', 'transforms.a.type': 'com.example.Nope' })).toBe(
      'Invalid value com.example.Nope for configuration transforms.a.type: Class com.example.Nope could not be found.',
    );
    expect(failure({ transforms: 'a', 'transforms.a.type': `${T}InsertField` })).toBe(
      `This class is abstract and cannot be created. Did you mean ${T}InsertField$Key, ${T}InsertField$Value?`,
    );
    expect(failure({ transforms: 'a', 'transforms.a.type': `${P}HasHeaderKey` })).toBe(
      `Class class ${P}HasHeaderKey does not implement the Transformation interface`,
    );
  });

  it('refuses duplicate aliases', () => {
    expect(failure({ transforms: 'a,a', 'transforms.a.type': `${T}Filter` })).toBe(
      'Invalid value [a, a] for configuration transforms: Duplicate alias provided.',
    );
  });

  it('refuses negate without predicate, and a predicate that is not defined', () => {
    expect(
      failure({ transforms: 'a', 'transforms.a.type': `${T}Filter`, 'transforms.a.negate': 'true' }),
    ).toBe(
      "Config 'transforms.a.negate' was provided but there is no config 'transforms.a.predicate' defining a predicate to be negated.",
    );
    expect(
      failure({ transforms: 'a', 'transforms.a.type': `${T}Filter`, 'transforms.a.predicate': 'p' }),
    ).toBe("Unknown configuration 'predicates.p.type'");
    expect(
      failure({
        transforms: 'a',
        'transforms.a.type': `${T}Filter`,
        'transforms.a.predicate': 'p',
        predicates: 'p',
      }),
    ).toBe('Invalid value null for configuration predicates.p.type: Not a Predicate');
  });

  it("reports the SMT's and predicate's own keys under their prefixed names", () => {
    expect(failure({ transforms: 'a', 'transforms.a.type': `${T}ExtractField$Value` })).toBe(
      'Missing required configuration "transforms.a.field" which has no default value.',
    );
    expect(
      failure({
        transforms: 'a',
        'transforms.a.type': `${T}Filter`,
        'transforms.a.predicate': 'p',
        'transforms.a.negate': 'yes',
        predicates: 'p',
        'predicates.p.type': `${P}RecordIsTombstone`,
      }),
    ).toBe(
      'Invalid value yes for configuration transforms.a.negate: Expected value to be either true or false',
    );
    expect(
      failure({
        transforms: 'a',
        'transforms.a.type': `${T}Filter`,
        'transforms.a.predicate': 'p',
        predicates: 'p',
        'predicates.p.type': `${P}HasHeaderKey`,
      }),
    ).toBe('Missing required configuration "predicates.p.name" which has no default value.');
    expect(
      failure({ transforms: 'a', 'transforms.a.type': `${T}Cast$Value`, 'transforms.a.spec': 'x:foo' }),
    ).toBe(
      'Invalid value java.lang.IllegalArgumentException: No enum constant org.apache.kafka.connect.data.Schema.Type.FOO for configuration Invalid type found in casting spec: foo',
    );
  });
});

describe('connector validation with transforms (Kafka’s enrich)', () => {
  const base = {
    name: 'sink',
    'connector.class': 'FileStreamSink',
    topics: 'orders',
  };

  it('defines every alias’s keys, grouped per alias, and accepts a valid chain', () => {
    const validation = validateSinkConnectorConfig(
      {
        ...base,
        transforms: 'extract',
        'transforms.extract.type': `${T}ExtractField$Value`,
        'transforms.extract.field': 'id',
        predicates: 'p',
        'predicates.p.type': `${P}TopicNameMatches`,
        'predicates.p.pattern': 'orders',
      },
      registry,
    );
    expect(validationErrors(validation)).toEqual([]);
    const names = validation.definition.names();
    expect(names).toEqual(
      expect.arrayContaining([
        'transforms.extract.type',
        'transforms.extract.predicate',
        'transforms.extract.negate',
        'transforms.extract.field',
        'transforms.extract.field.syntax.version',
        'transforms.extract.replace.null.with.default',
        'predicates.p.type',
        'predicates.p.pattern',
      ]),
    );
    expect(validation.definition.key('transforms.extract.field')?.group).toBe('Transforms: extract');
    expect(validation.definition.key('transforms.extract.type')?.displayName).toBe(
      'Transformation type for extract',
    );
    expect(validation.values.get('transforms.extract.type')?.recommendedValues).toContain(`${T}Filter`);
  });

  it('reports each problem on its own key', () => {
    const validation = validateSinkConnectorConfig(
      {
        ...base,
        transforms: 'extract,missing,unknown,negated',
        'transforms.extract.type': `${T}ExtractField$Value`,
        'transforms.unknown.type': 'com.example.Nope',
        'transforms.negated.type': `${T}Filter`,
        'transforms.negated.negate': 'true',
      },
      registry,
    );
    const errors = (key: string) => validation.values.get(key)?.errors;
    expect(errors('transforms.extract.field')).toEqual([
      'Missing required configuration "transforms.extract.field" which has no default value.',
    ]);
    expect(errors('transforms.missing.type')).toEqual([
      'Missing required configuration "transforms.missing.type" which has no default value.',
    ]);
    expect(errors('transforms.unknown.type')).toEqual([
      'Invalid value com.example.Nope for configuration transforms.unknown.type: Class com.example.Nope could not be found.',
    ]);
    expect(errors('transforms.negated.type')).toEqual([
      "Config 'transforms.negated.negate' was provided but there is no config 'transforms.negated.predicate' defining a predicate to be negated.",
    ]);
    expect(validation.errorCount).toBe(4);
  });

  it('reports duplicate aliases on the list key', () => {
    const validation = validateSinkConnectorConfig(
      { ...base, transforms: 'a,a', 'transforms.a.type': `${T}Filter` },
      registry,
    );
    expect(validation.values.get('transforms')?.errors).toEqual([
      'Invalid value [a, a] for configuration transforms: Duplicate alias provided.',
    ]);
  });
});
