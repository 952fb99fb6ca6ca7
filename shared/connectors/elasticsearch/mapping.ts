// The index mapping both reference connectors derive from a Connect value schema (schema.ignore
// false): primitives to their search types, strings to text with a keyword sub-field, logical
// dates to date, decimals to double, structs to properties, maps to {key, value} properties,
// arrays to their element's mapping. Numeric and boolean defaults become null_value.
import { DataError } from '../../api/errors.ts';
import { BigDecimal, LogicalTypeNames, type Schema } from '../../api/schema.ts';

type Mapping = Record<string, unknown>;

const TYPE_BY_SCHEMA: Partial<Record<Schema['type'], string>> = {
  BOOLEAN: 'boolean',
  INT8: 'byte',
  INT16: 'short',
  INT32: 'integer',
  INT64: 'long',
  FLOAT32: 'float',
  FLOAT64: 'double',
  STRING: 'text',
  BYTES: 'binary',
};

export function mappingFor(schema: Schema | null): Mapping {
  if (schema === null) throw new DataError('Cannot infer mapping without schema.');
  switch (schema.name) {
    case LogicalTypeNames.DATE:
    case LogicalTypeNames.TIME:
    case LogicalTypeNames.TIMESTAMP:
      return primitive('date', schema.defaultValue);
    case LogicalTypeNames.DECIMAL:
      return primitive(
        'double',
        schema.defaultValue instanceof BigDecimal ? Number(schema.defaultValue.toString()) : undefined,
      );
  }
  switch (schema.type) {
    case 'ARRAY':
      return mappingFor(schema.valueSchema);
    case 'MAP':
      return { properties: { key: mappingFor(schema.keySchema), value: mappingFor(schema.valueSchema) } };
    case 'STRUCT':
      return { properties: Object.fromEntries(schema.fields.map((f) => [f.name, mappingFor(f.schema)])) };
    default: {
      const type = TYPE_BY_SCHEMA[schema.type];
      if (type === undefined) throw new DataError(`Invalid primitive type ${schema.type}.`);
      return primitive(type, schema.defaultValue);
    }
  }
}

function primitive(type: string, defaultValue: unknown): Mapping {
  const mapping: Mapping = { type };
  // A keyword sub-field makes strings sortable and aggregatable as well as searchable.
  if (type === 'text') mapping.fields = { keyword: { type: 'keyword', ignore_above: 256 } };
  // Text and binary fields have no null_value.
  if (defaultValue === null || defaultValue === undefined || type === 'text' || type === 'binary')
    return mapping;
  mapping.null_value =
    defaultValue instanceof Date
      ? defaultValue.getTime()
      : typeof defaultValue === 'bigint'
        ? Number(defaultValue)
        : defaultValue;
  return mapping;
}
