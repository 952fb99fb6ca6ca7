// Struct.putFrom / fieldValue: the SMTs' field copy must behave as put(name, get(name)) does, except
// for re-checking a non-null value against the very schema it was already checked against.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../shared/api/errors.ts';
import { SchemaBuilder, Schemas, Struct } from '../../../shared/api/schema.ts';

const withDefault = SchemaBuilder.string().optional().defaultValue('fallback').build();
const source = SchemaBuilder.struct()
  .field('id', Schemas.INT64)
  .field('name', Schemas.STRING)
  .field('note', withDefault)
  .build();
const fieldOf = (name: string) => source.field(name)!;

describe('Struct.putFrom and fieldValue', () => {
  it('reads as get() or getWithoutDefault() and copies into a struct of the same fields', () => {
    const struct = new Struct(source).put('id', 7).put('name', 'a');
    expect(struct.fieldValue(fieldOf('note'), true)).toBe(struct.get('note'));
    expect(struct.fieldValue(fieldOf('note'), true)).toBe('fallback');
    expect(struct.fieldValue(fieldOf('note'), false)).toBe(struct.getWithoutDefault('note'));
    expect(struct.fieldValue(fieldOf('note'), false)).toBeNull();

    const copy = new Struct(source);
    for (const field of source.fields) copy.putFrom(field, struct.fieldValue(field, false));
    expect(copy.equals(struct)).toBe(true);
  });

  it('still refuses a null for a required field, with put()’s message', () => {
    const unset = new Struct(source).put('name', 'a');
    const viaPut = () => new Struct(source).put('id', unset.getWithoutDefault('id'));
    const viaCopy = () => new Struct(source).putFrom(fieldOf('id'), unset.fieldValue(fieldOf('id'), false));
    expect(viaPut).toThrow('Invalid value: null used for required field: "id", schema type: INT64');
    expect(viaCopy).toThrow('Invalid value: null used for required field: "id", schema type: INT64');
    expect(viaCopy).toThrow(DataError);
  });

  it('checks the value when the target field has another schema, and renames on request', () => {
    const target = SchemaBuilder.struct().field('id', Schemas.INT8).field('label', Schemas.STRING).build();
    const struct = new Struct(source).put('id', 1000).put('name', 'a');
    expect(() => new Struct(target).putFrom(fieldOf('id'), 1000)).toThrow(DataError);
    expect(new Struct(target).putFrom(fieldOf('id'), 12).get('id')).toBe(12);
    const renamed = new Struct(target).putFrom(
      fieldOf('name'),
      struct.fieldValue(fieldOf('name'), false),
      'label',
    );
    expect(renamed.get('label')).toBe('a');
    expect(() => new Struct(target).putFrom(fieldOf('name'), 'a', 'missing')).toThrow(
      'missing is not a valid field name',
    );
  });
});
