// Confluent storage-common's DataUtils: dotted paths into Structs and Maps, with its messages.
import { ConnectError, DataError } from '../../../api/errors.ts';
import { type Field, type Schema, Struct } from '../../../api/schema.ts';

function requireTarget(target: unknown, fieldName: string): void {
  if (target === null || target === undefined)
    throw new ConnectError('Attempted to extract a field from a null object.');
  if (fieldName.trim() === '') throw new ConnectError('The field to extract cannot be null or empty.');
}

function fieldOf(structOrMap: unknown, name: string): unknown {
  requireTarget(structOrMap, name);
  let value: unknown;
  if (structOrMap instanceof Struct) {
    if (!structOrMap.schema.field(name)) throw new DataError(`${name} is not a valid field name`);
    value = structOrMap.get(name);
  } else if (structOrMap instanceof Map) {
    value = structOrMap.get(name);
    if (value === null || value === undefined) throw new DataError(`Unable to find nested field '${name}'`);
    return value;
  } else {
    throw new DataError(`Argument not a Struct or Map. Cannot get field '${name}'.`);
  }
  if (value === null || value === undefined) throw new DataError(`The field '${name}' does not exist.`);
  return value;
}

/** DataUtils.getNestedFieldValue: throws DataError when any step is missing or null. */
export function nestedFieldValue(structOrMap: unknown, fieldName: string): unknown {
  requireTarget(structOrMap, fieldName);
  try {
    let innermost = structOrMap;
    for (const name of fieldName.split('.')) innermost = fieldOf(innermost, name);
    return innermost;
  } catch (error) {
    if (error instanceof DataError)
      throw new DataError(`The field '${fieldName}' does not exist.`, { cause: error });
    throw error;
  }
}

/** DataUtils.getNestedField: the field at a dotted path, or undefined. */
export function nestedField(schema: Schema | null, fieldName: string): Field | undefined {
  requireTarget(schema, fieldName);
  let current: Field | undefined;
  let within: Schema | undefined = schema ?? undefined;
  for (const name of fieldName.split('.')) {
    if (within?.type !== 'STRUCT') {
      throw new DataError(`Unable to get field '${fieldName}' from schema ${String(schema?.type)}.`);
    }
    current = within.field(name);
    if (!current) return undefined;
    within = current.schema;
  }
  return current;
}
