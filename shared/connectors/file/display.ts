// How the file sink prints a record value: text as is (what Kafka's FileStreamSink does for
// strings), and structured data as JSON rather than Java's toString() ("Struct{id=1}", "{a=1}"),
// which nobody can parse back. The README lists this as a deliberate difference.
import { BigDecimal, Struct } from '../../api/schema.ts';
import { ObjectShapes } from '../../api/values/object-shapes.ts';

/** A topic's records share their maps' key lists: objects are built from a literal per list. */
const OBJECTS = new ObjectShapes();

export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value !== 'object') return String(value);
  return JSON.stringify(toJsonCompatible(value));
}

function toJsonCompatible(value: unknown): unknown {
  if (typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    return value === undefined ? null : value;
  }
  if (value === null) return null;
  // Maps first: a schemaless record is a map of maps, strings and numbers.
  if (value instanceof Map) return mapObject(value);
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonCompatible);
  if (value instanceof Struct) {
    const object: Record<string, unknown> = {};
    for (const field of value.schema.fields) object[field.name] = toJsonCompatible(value.get(field.name));
    return object;
  }
  return value;
}

/**
 * A map as a plain object for JSON.stringify. Strings, numbers and booleans are stored as they are
 * without a call per field: this runs for every field of every schemaless record the sink writes.
 */
function mapObject(map: Map<unknown, unknown>): Record<string, unknown> {
  const keys = new Array<string>(map.size);
  const values = new Array<unknown>(map.size);
  let i = 0;
  for (const [key, value] of map) {
    const type = typeof value;
    keys[i] = typeof key === 'string' ? key : String(key);
    values[i++] =
      type === 'string' || type === 'number' || type === 'boolean' ? value : toJsonCompatible(value);
  }
  return OBJECTS.object(keys, values);
}
