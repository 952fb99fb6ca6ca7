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

  it('finds the target field by name wherever it sits: moved, renamed, or missing', () => {
    // Same names in another order: the field at the source's position is another field.
    const swapped = SchemaBuilder.struct()
      .field('name', Schemas.STRING)
      .field('id', Schemas.INT64)
      .field('note', withDefault)
      .build();
    const copy = new Struct(swapped).putFrom(fieldOf('id'), 7).putFrom(fieldOf('name'), 'a');
    expect(copy.get('id')).toBe(7);
    expect(copy.get('name')).toBe('a');
    // A rename to the name of the field at the source's own position, and to a name elsewhere.
    const renamed = new Struct(swapped).putFrom(fieldOf('id'), 'b', 'name').putFrom(fieldOf('name'), 8, 'id');
    expect([renamed.get('name'), renamed.get('id')]).toEqual(['b', 8]);
    expect(() => new Struct(swapped).putFrom(fieldOf('id'), 7, 'missing')).toThrow(
      'missing is not a valid field name',
    );
    // Fewer fields than the source's position.
    const short = SchemaBuilder.struct().field('note', withDefault).build();
    expect(new Struct(short).putFrom(fieldOf('note'), 'n').get('note')).toBe('n');
    expect(() => new Struct(short).putFrom(fieldOf('id'), 7)).toThrow('id is not a valid field name');
  });

  it('validates again a struct whose arrays or maps may have changed in place since', () => {
    const inner = SchemaBuilder.struct().field('ids', SchemaBuilder.array(Schemas.INT32).build()).build();
    const outer = SchemaBuilder.struct().field('inner', inner).field('name', Schemas.STRING).build();
    const ids = [1, 2];
    const struct = new Struct(outer).put('inner', new Struct(inner).put('ids', ids)).put('name', 'a');
    struct.validate();
    ids.push('three' as unknown as number);
    expect(() => struct.validate()).toThrow(DataError);
    // A struct of scalars only stays valid once validated: every later put checks its value.
    const flat = new Struct(source).put('id', 1).put('name', 'a');
    flat.validate();
    expect(() => flat.put('id', null)).toThrow(DataError);
    expect(() => flat.validate()).not.toThrow();
    expect(() => new Struct(source).put('name', 'a').validate()).toThrow(DataError);
  });

  it('starts with every field unset (null), not missing', () => {
    const fresh = new Struct(source);
    expect(source.fields.map((field) => fresh.valueAt(field.index))).toEqual([null, null, null]);
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

describe('Struct.putFrom checks what may no longer fit', () => {
  it('refuses a struct default for a struct field, as put does (the default never has that schema)', () => {
    const inner = SchemaBuilder.struct().field('x', Schemas.INT32).optional().build();
    const withStructDefault = SchemaBuilder.struct()
      .field('x', Schemas.INT32)
      .optional()
      .defaultValue(new Struct(inner).put('x', 1))
      .build();
    const schema = SchemaBuilder.struct().field('id', Schemas.INT32).field('sub', withStructDefault).build();
    const value = new Struct(schema).put('id', 1);
    const sub = schema.field('sub')!;
    const viaPut = () => new Struct(schema).put('sub', value.get('sub'));
    const viaCopy = () => new Struct(schema).putFrom(sub, value.fieldValue(sub, true));
    expect(viaPut).toThrow('Struct schemas do not match.');
    expect(viaCopy).toThrow('Struct schemas do not match.');
  });

  it('checks arrays again: they may have changed since they were put', () => {
    const schema = SchemaBuilder.struct()
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .field('items', SchemaBuilder.array(SchemaBuilder.struct().field('n', Schemas.INT32).build()).build())
      .build();
    const tags: unknown[] = ['a'];
    const items: unknown[] = [];
    const value = new Struct(schema).put('tags', tags).put('items', items);
    tags.push(5);
    const tagsField = schema.field('tags')!;
    expect(() => new Struct(schema).putFrom(tagsField, value.fieldValue(tagsField, false))).toThrow(
      'Invalid Java object for schema with type STRING: number 5 for element of array field: "tags"',
    );
    tags.pop();
    items.push(new Struct(schema.field('items')!.schema.valueSchema!));
    const itemsField = schema.field('items')!;
    expect(() => new Struct(schema).putFrom(itemsField, value.fieldValue(itemsField, false))).toThrow(
      'Invalid value: null used for required field: "n", schema type: INT32',
    );
  });
});
