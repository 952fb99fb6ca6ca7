// Column defaults as Debezium puts them into field schemas (PostgresDefaultValueConverter, 3.6.1):
// a literal default becomes the field's default value; a generated one (nextval(), now(),
// CURRENT_TIMESTAMP) becomes a fixed placeholder (0, the epoch, ...); anything it cannot read leaves
// the field without a default. The result is handed to the column's own text converter, so a default
// has exactly the representation of the column's values.
import { isArrayType, Oid, type PgType, type TypeMapping } from './column-types.ts';

const LITERAL = /'(.*?)'/;
const FUNCTION_CALL = /^[(]?[A-Za-z0-9_.]+\((?:.+(?:, ?.+)*)?\)/;
const CURRENT_DATE_TIMES = new Set([
  'current_timestamp',
  'current_time',
  'current_date',
  'localtime',
  'localtimestamp',
]);

/** Debezium's extractDefault: the quoted literal, a bare value, or null for `NULL::type`. */
function extractLiteral(expression: string): string | null {
  if (!expression.includes("'")) return expression.startsWith('NULL::') ? null : expression;
  return LITERAL.exec(expression)?.[1] ?? null;
}

/** The literal, or `placeholder` when the default is computed by a function. */
function extract(expression: string, placeholder: string): string | null {
  if (FUNCTION_CALL.test(expression) || CURRENT_DATE_TIMES.has(expression.toLowerCase())) return placeholder;
  return extractLiteral(expression);
}

const withTime = (date: string) => (date.includes(' ') ? date : `${date} 00:00:00`);
const fullTime = (time: string) => (time.length === 5 ? `${time}:00` : time);

/**
 * The text form (as PostgreSQL would print a value of the type) of a default expression, or
 * undefined when Debezium would give the field no default.
 */
function defaultText(type: PgType, typeMod: number, expression: string): string | null | undefined {
  const e = expression.trim();
  switch (type.oid) {
    case Oid.BOOL: {
      if (e.startsWith('NULL::')) return undefined;
      const literal = extract(e, 'false');
      return literal?.toLowerCase() === 'true' ? 't' : 'f';
    }
    case Oid.INT2:
    case Oid.INT4:
    case Oid.INT8: {
      if (e.startsWith('NULL::')) return undefined;
      const literal = extract(e, '0');
      return literal !== null && /^[+-]?\d+$/.test(literal) ? literal : undefined;
    }
    case Oid.FLOAT4:
    case Oid.FLOAT8:
    case Oid.NUMERIC: {
      if (e.startsWith('NULL::')) return undefined;
      const literal = extract(e, '0.0');
      return literal !== null && Number.isFinite(Number(literal)) ? literal : undefined;
    }
    case Oid.BPCHAR:
    case Oid.VARCHAR:
    case Oid.TEXT:
    case Oid.XML:
      return extract(e, '');
    case Oid.JSON:
    case Oid.JSONB:
      return extract(e, '{}');
    case Oid.UUID: {
      const literal = extract(e, '00000000-0000-0000-0000-000000000000');
      return literal === null ? undefined : literal.toLowerCase();
    }
    case Oid.BIT: {
      const literal = extract(e, '00');
      return literal === null ? undefined : literal;
    }
    case Oid.VARBIT:
      return extract(e, '0');
    case Oid.DATE: {
      const literal = extract(e, '1970-01-01');
      return literal === null ? undefined : literal.slice(0, 10);
    }
    case Oid.TIME: {
      const literal = extract(e, '00:00');
      return literal === null ? undefined : fullTime(literal);
    }
    case Oid.TIMESTAMP: {
      const literal = extract(e, '1970-01-01');
      return literal === null ? undefined : withTime(literal);
    }
    case Oid.TIMESTAMPTZ: {
      const literal = extract(e, '1970-01-01');
      if (literal === null) return undefined;
      const dated = withTime(literal);
      return /[+-]\d\d(:\d\d)?$/.test(dated) ? dated : `${dated}+00`;
    }
    case Oid.INTERVAL: {
      // Debezium's placeholder for a computed interval ("epoch") is not an interval: no default.
      const literal = extract(e, 'epoch');
      return literal === null || literal === 'epoch' ? undefined : literal;
    }
  }
  if (type.kind === 'e') {
    const cast = e.lastIndexOf('::');
    if (cast < 0) return undefined;
    const quoted = e.slice(0, cast);
    return quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : undefined;
  }
  void typeMod;
  return undefined;
}

/**
 * The default value of a field, or undefined for none. `declared` is the column's own type (a
 * domain has no default mapper in Debezium), `resolved` the type its values are mapped by.
 */
export function columnDefault(
  declared: PgType,
  typeMod: number,
  expression: string | null,
  mapping: TypeMapping,
): unknown {
  if (expression === null || declared.kind === 'd' || isArrayType(declared)) return undefined;
  const text = defaultText(declared, typeMod, expression);
  if (text === undefined || text === null) return undefined;
  try {
    const value = mapping.fromText(text);
    // Debezium cannot put a Struct (VariableScaleDecimal) into a schema default (KAFKA-12694).
    if (value === null || (typeof value === 'object' && value !== null && 'schema' in value))
      return undefined;
    return value;
  } catch {
    return undefined;
  }
}
