// Records Kafka Connect 4.1's SMTs reject, rejected here with the same exception class and message
// (found by the differential conformance harness), so DLQ headers and logs read the same.
import { describe, expect, it } from 'vitest';
import {
  DataError,
  IllegalArgumentError,
  NullPointerError,
  SchemaBuilderError,
} from '../../../shared/api/errors.ts';
import { Schemas } from '../../../shared/api/schema.ts';
import { CastValue } from '../../../shared/transforms/cast.ts';
import { ExtractFieldValue } from '../../../shared/transforms/extract-field.ts';
import { InsertFieldValue } from '../../../shared/transforms/insert-field.ts';
import { TimestampConverterValue } from '../../../shared/transforms/timestamp-converter.ts';
import { configured, PERSON, person, sinkRecord } from './records.ts';

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('SMT failures as Kafka reports them', () => {
  it('Cast of fields on a schema that is not a struct cannot list its fields', () => {
    const cast = configured(new CastValue(), { spec: 'a:string' });
    const error = failure(() => cast.apply(sinkRecord({ valueSchema: Schemas.STRING, value: '1' })));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe('Cannot list fields on non-struct type');
  });

  it('ExtractField of an unknown field is an IllegalArgumentException', () => {
    const extract = configured(new ExtractFieldValue(), { field: 'nope' });
    const error = failure(() => extract.apply(sinkRecord({ valueSchema: PERSON, value: person(1, 'a') })));
    expect(error).toBeInstanceOf(IllegalArgumentError);
    expect((error as IllegalArgumentError).javaClassName).toBe('java.lang.IllegalArgumentException');
    expect(error.message).toBe('Unknown field: nope');
  });

  it('InsertField of a field the struct has is a SchemaBuilderException', () => {
    const insert = configured(new InsertFieldValue(), { 'static.field': 'name', 'static.value': 'x' });
    const error = failure(() => insert.apply(sinkRecord({ valueSchema: PERSON, value: person(1, 'a') })));
    expect(error).toBeInstanceOf(SchemaBuilderError);
    expect(error).toBeInstanceOf(DataError);
    expect((error as SchemaBuilderError).javaClassName).toBe(
      'org.apache.kafka.connect.errors.SchemaBuilderException',
    );
    expect(error.message).toBe('Cannot create field because of field name duplication name');
  });

  it('TimestampConverter of a string without a format fails as Kafka does, saying the format is missing', () => {
    // Kafka fails with a NullPointerException here: the same class (which the DLQ header names),
    // with a message that names the option.
    const convert = configured(new TimestampConverterValue(), { 'target.type': 'unix' });
    const error = failure(() => convert.apply(sinkRecord({ valueSchema: Schemas.STRING, value: '123' })));
    expect(error).toBeInstanceOf(NullPointerError);
    expect((error as NullPointerError).javaClassName).toBe('java.lang.NullPointerException');
    expect(error.message).toBe(
      'TimestampConverter requires format option to be specified when using string timestamps',
    );
  });
});
