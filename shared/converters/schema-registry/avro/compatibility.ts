// Avro schema resolution as a yes/no question: can a reader with `reader` read what `writer`
// wrote? (Avro's SchemaCompatibility, without aliases.) Used for latest.compatibility.strict:
// Confluent checks that the latest subject version is backward compatible with our schema.
import { type AvroSchema, fullName } from './avro-schema.ts';

const PROMOTIONS: Record<string, readonly string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

/** Why `reader` cannot read data written with `writer`, or undefined when it can. */
export function avroIncompatibility(reader: AvroSchema, writer: AvroSchema): string | undefined {
  return check(reader, writer, new Set(), '/');
}

function check(reader: AvroSchema, writer: AvroSchema, seen: Set<string>, path: string): string | undefined {
  if (writer.type === 'union') {
    for (const [i, branch] of writer.types.entries()) {
      const problem = check(reader, branch, seen, `${path}${i}/`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (reader.type === 'union') {
    return reader.types.some((branch) => check(branch, writer, seen, path) === undefined)
      ? undefined
      : `${path}: reader union lacks a branch for ${fullName(writer)}`;
  }
  if (reader.type !== writer.type) {
    return PROMOTIONS[writer.type]?.includes(reader.type)
      ? undefined
      : `${path}: reader type ${reader.type} cannot read writer type ${writer.type}`;
  }
  switch (reader.type) {
    case 'array':
      return check(reader.items!, writer.items!, seen, `${path}items/`);
    case 'map':
      return check(reader.values!, writer.values!, seen, `${path}values/`);
    case 'fixed':
      if (fullName(reader) !== fullName(writer))
        return `${path}: name ${fullName(writer)} is not ${fullName(reader)}`;
      return reader.size === writer.size
        ? undefined
        : `${path}: fixed size ${writer.size} is not ${reader.size}`;
    case 'enum': {
      if (fullName(reader) !== fullName(writer))
        return `${path}: name ${fullName(writer)} is not ${fullName(reader)}`;
      const missing = writer.symbols.filter((s) => !reader.symbols.includes(s));
      return missing.length === 0 || reader.enumDefault !== null
        ? undefined
        : `${path}: reader enum lacks symbols ${missing.join(', ')}`;
    }
    case 'record': {
      if (fullName(reader) !== fullName(writer))
        return `${path}: name ${fullName(writer)} is not ${fullName(reader)}`;
      const pair = `${fullName(reader)}`;
      if (seen.has(pair)) return undefined;
      seen.add(pair);
      for (const field of reader.fields) {
        const written = writer.fields.find((f) => f.name === field.name);
        if (!written) {
          if (field.defaultValue === undefined)
            return `${path}${field.name}: reader field has no default and the writer has no such field`;
          continue;
        }
        const problem = check(field.type, written.type, seen, `${path}${field.name}/`);
        if (problem) return problem;
      }
      return undefined;
    }
  }
  return undefined;
}
