// PostgreSQL column types → Connect schemas and value converters, as Debezium's PostgreSQL connector
// maps them (PostgresValueConverter and JdbcValueConverters, 3.6.1). Every value arrives as its text
// form, from pgoutput or from a snapshot query, so each column gets one text → value function, chosen
// once per table schema. A type Debezium does not map leaves its column out of the events (Debezium
// logs and skips it too), unless `include.unknown.datatypes` asks for its bytes.
import { BigDecimal, LogicalTypeNames, type Schema, SchemaBuilder, Struct } from '../../api/schema.ts';
import { parseBigDecimal } from '../../api/values/convert-number.ts';
import { twosComplementOf } from '../../converters/json/base64.ts';
import { parseArrayLiteral } from './array-literal.ts';
import type { PostgresCdcConfig } from './config.ts';
import {
  epochMicros,
  epochMillis,
  epochNanos,
  intervalIsoText,
  intervalMicros,
  parseDate,
  parseInterval,
  parseTime,
  parseTimestamp,
  parseTimestampTz,
  parseTimeTzAsUtc,
  zonedTimestampText,
  zonedTimeText,
} from './temporal.ts';

/** One row of pg_type, with what the mapping needs. */
export interface PgType {
  readonly oid: number;
  readonly name: string;
  readonly namespace: string;
  /** typtype: b base, e enum, d domain, r range, c composite, p pseudo, m multirange. */
  readonly kind: string;
  /** For arrays, the element type; 0 otherwise. */
  readonly elementOid: number;
  /** For domains, the type underneath. */
  readonly baseOid: number;
  /** For domains, their own type modifier (e.g. varchar(10)); -1 when none. */
  readonly baseTypeMod: number;
  readonly enumLabels: readonly string[];
  /** typcategory: 'A' for arrays. */
  readonly category: string;
}

export const isArrayType = (type: PgType): boolean => type.category === 'A' && type.elementOid !== 0;

export type TypeRegistry = ReadonlyMap<number, PgType>;

/** How one column's text values become Connect values, and the schema they have. */
export interface TypeMapping {
  /** A fresh builder (not yet optional, no default) so callers can finish the field schema. */
  builder(): SchemaBuilder;
  fromText(text: string): unknown;
  /** For values that embed their field's schema (a struct): the converter bound to that schema. */
  forSchema?(schema: Schema): (text: string) => unknown;
}

export type MappingOptions = Pick<
  PostgresCdcConfig,
  | 'decimalHandlingMode'
  | 'timePrecisionMode'
  | 'binaryHandlingMode'
  | 'intervalHandlingMode'
  | 'moneyFractionDigits'
  | 'includeUnknownDatatypes'
>;

export const Oid = {
  BOOL: 16,
  BYTEA: 17,
  CHAR: 18,
  NAME: 19,
  INT8: 20,
  INT2: 21,
  INT4: 23,
  TEXT: 25,
  OID: 26,
  JSON: 114,
  XML: 142,
  CIDR: 650,
  FLOAT4: 700,
  FLOAT8: 701,
  MACADDR8: 774,
  MONEY: 790,
  MACADDR: 829,
  INET: 869,
  BPCHAR: 1042,
  VARCHAR: 1043,
  DATE: 1082,
  TIME: 1083,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  INTERVAL: 1186,
  TIMETZ: 1266,
  BIT: 1560,
  VARBIT: 1562,
  NUMERIC: 1700,
  UUID: 2950,
  TSVECTOR: 3614,
  JSONB: 3802,
  INT4RANGE: 3904,
  NUMRANGE: 3906,
  TSRANGE: 3908,
  TSTZRANGE: 3910,
  DATERANGE: 3912,
  INT8RANGE: 3926,
} as const;

/** Array types Debezium maps (its createArrayConverter list); others are left out, as there. */
const MAPPED_ARRAY_ELEMENTS: ReadonlySet<number> = new Set([
  Oid.INT2,
  Oid.INT4,
  Oid.INT8,
  Oid.CHAR,
  Oid.VARCHAR,
  Oid.TEXT,
  Oid.BPCHAR,
  Oid.NUMERIC,
  Oid.FLOAT4,
  Oid.FLOAT8,
  Oid.BOOL,
  Oid.DATE,
  Oid.INET,
  Oid.CIDR,
  Oid.MACADDR,
  Oid.MACADDR8,
  Oid.TSRANGE,
  Oid.TSTZRANGE,
  Oid.DATERANGE,
  Oid.INT4RANGE,
  Oid.NUMRANGE,
  Oid.INT8RANGE,
  Oid.UUID,
  Oid.JSONB,
  Oid.JSON,
  Oid.TIME,
  Oid.TIMETZ,
  Oid.TIMESTAMP,
  Oid.TIMESTAMPTZ,
  Oid.OID,
  Oid.BYTEA,
]);

const named = (builder: SchemaBuilder, name: string, version = 1): SchemaBuilder =>
  builder.name(name).version(version);

const identity = (text: string): string => text;

/** INT64 values: numbers while exact, bigint beyond (the shared values model). */
export function int64FromText(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function floatFromText(text: string): number {
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function bytesFromText(text: string): Buffer {
  // bytea_output=hex (the default since 9.0): \x followed by hex digits.
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex');
  return Buffer.from(text, 'latin1');
}

/** Debezium's Bits: the bit string as a number, little-endian bytes, as few as hold its set bits. */
export function bitsFromText(text: string): Buffer {
  let highest = -1;
  for (let i = 0; i < text.length; i++) if (text[i] === '1') highest = Math.max(highest, text.length - 1 - i);
  const bytes = Buffer.alloc(highest < 0 ? 0 : Math.floor(highest / 8) + 1);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '1') continue;
    const bit = text.length - 1 - i;
    bytes[bit >> 3]! |= 1 << (bit & 7);
  }
  return bytes;
}

const DECIMAL_SPECIALS = new Set(['NaN', 'Infinity', '-Infinity']);

/** A numeric column's precision and scale from its type modifier; null scale = unconstrained. */
export function numericPrecisionScale(typeMod: number): { precision: number | null; scale: number | null } {
  if (typeMod < 4) return { precision: null, scale: null };
  const packed = typeMod - 4;
  return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff };
}

/** Debezium's VariableScaleDecimal struct for `numeric` without a declared scale. */
export const VARIABLE_SCALE_DECIMAL = SchemaBuilder.struct()
  .name('io.debezium.data.VariableScaleDecimal')
  .version(1)
  .doc('Variable scaled decimal')
  .field('scale', SchemaBuilder.int32().build())
  .field('value', SchemaBuilder.bytes().build())
  .optional()
  .build();
const VARIABLE_SCALE_DECIMAL_REQUIRED = SchemaBuilder.from(VARIABLE_SCALE_DECIMAL).required().build();

/** BigDecimal.stripTrailingZeros, never below scale 0 (Debezium sets negative scales back to 0). */
function stripTrailingZeros(decimal: BigDecimal): BigDecimal {
  let { unscaled, scale } = decimal;
  if (unscaled === 0n) return new BigDecimal(0n, 0);
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale--;
  }
  return new BigDecimal(unscaled, scale);
}

function withScale(decimal: BigDecimal, scale: number): BigDecimal {
  if (decimal.scale === scale) return decimal;
  if (decimal.scale < scale)
    return new BigDecimal(decimal.unscaled * 10n ** BigInt(scale - decimal.scale), scale);
  // Half-even rounding, as BigDecimal.setScale would need; PostgreSQL already rounded to the scale.
  const divisor = 10n ** BigInt(decimal.scale - scale);
  return new BigDecimal(decimal.unscaled / divisor, scale);
}

function decimalToDouble(decimal: BigDecimal): number {
  return Number(decimal.toString());
}

function numericMapping(typeMod: number, options: MappingOptions): TypeMapping {
  const { precision, scale } = numericPrecisionScale(typeMod);
  const mode = options.decimalHandlingMode;
  if (mode === 'double') {
    return {
      builder: () => SchemaBuilder.float64(),
      fromText: (text) => (DECIMAL_SPECIALS.has(text) ? floatFromText(text) : Number(text)),
    };
  }
  if (mode === 'string') {
    return {
      builder: () => SchemaBuilder.string(),
      fromText: (text) => {
        if (DECIMAL_SPECIALS.has(text)) return text;
        const value = parseBigDecimal(text);
        return value === null ? text : (scale === null ? value : withScale(value, scale)).toString();
      },
    };
  }
  if (scale === null) {
    // precise, unconstrained: { scale, value } with trailing zeros stripped.
    const bound = (schema: Schema) => (text: string) => {
      const value = parseBigDecimal(text);
      if (value === null) return null; // NaN and infinities have no precise form: null, as Debezium
      const decimal = stripTrailingZeros(value);
      return Struct.fromTrustedValues(schema, [decimal.scale, twosComplementOf(decimal.unscaled)]);
    };
    return {
      builder: () => SchemaBuilder.from(VARIABLE_SCALE_DECIMAL).required(),
      fromText: bound(VARIABLE_SCALE_DECIMAL_REQUIRED),
      forSchema: bound,
    };
  }
  const decimalBuilder = () => {
    const builder = SchemaBuilder.bytes()
      .name(LogicalTypeNames.DECIMAL)
      .version(1)
      .parameter('scale', String(scale));
    return precision !== null && precision > 0
      ? builder.parameter('connect.decimal.precision', String(precision))
      : builder;
  };
  return {
    builder: decimalBuilder,
    fromText: (text) => {
      const value = parseBigDecimal(text);
      return value === null ? null : withScale(value, scale);
    },
  };
}

/** money's text form depends on lc_monetary ($1,234.56 under C); keep the digits, sign and point. */
export function parseMoney(text: string): BigDecimal | null {
  const negative = text.includes('-') || text.startsWith('(');
  const plain = text.replace(/[^0-9.]/g, '');
  const value = parseBigDecimal(plain);
  if (value === null) return null;
  return negative ? new BigDecimal(-value.unscaled, value.scale) : value;
}

function moneyMapping(options: MappingOptions): TypeMapping {
  const digits = options.moneyFractionDigits;
  switch (options.decimalHandlingMode) {
    case 'double':
      return { builder: () => SchemaBuilder.float64(), fromText: (t) => decimalToDouble(parseMoney(t)!) };
    case 'string':
      return {
        builder: () => SchemaBuilder.string(),
        fromText: (t) => withScale(parseMoney(t)!, digits).toString(),
      };
    default:
      return {
        builder: () =>
          SchemaBuilder.bytes().name(LogicalTypeNames.DECIMAL).version(1).parameter('scale', String(digits)),
        fromText: (t) => withScale(parseMoney(t)!, digits),
      };
  }
}

function binaryMapping(options: MappingOptions): TypeMapping {
  switch (options.binaryHandlingMode) {
    case 'base64':
      return { builder: () => SchemaBuilder.string(), fromText: (t) => bytesFromText(t).toString('base64') };
    case 'base64-url-safe':
      return {
        builder: () => SchemaBuilder.string(),
        fromText: (t) => bytesFromText(t).toString('base64url'),
      };
    case 'hex':
      return { builder: () => SchemaBuilder.string(), fromText: (t) => bytesFromText(t).toString('hex') };
    default:
      return { builder: () => SchemaBuilder.bytes(), fromText: bytesFromText };
  }
}

/** time(p) / timestamp(p): the precision, 6 when the column declares none. */
function temporalPrecision(typeMod: number): number {
  return typeMod < 0 ? 6 : typeMod;
}

function dateMapping(options: MappingOptions): TypeMapping {
  if (options.timePrecisionMode === 'connect') {
    return {
      builder: () => SchemaBuilder.int32().name(LogicalTypeNames.DATE).version(1),
      fromText: (t) => new Date(parseDate(t) * 86_400_000),
    };
  }
  return { builder: () => named(SchemaBuilder.int32(), 'io.debezium.time.Date'), fromText: parseDate };
}

type TemporalUnit = 'milli' | 'micro' | 'nano';

/**
 * TemporalPrecisionMode's choice of unit: by the column's precision (adaptive), or fixed by the
 * mode (`microsecondModes` are the modes that pin this kind of value to microseconds).
 */
function temporalUnit(mode: string, precision: number, microsecondModes: readonly string[]): TemporalUnit {
  if (mode === 'nanoseconds') return 'nano';
  if (microsecondModes.includes(mode)) return 'micro';
  return precision <= 3 ? 'milli' : precision <= 6 ? 'micro' : 'nano';
}

type UnitMappings = Record<TemporalUnit, readonly [() => SchemaBuilder, string, (text: string) => unknown]>;

function byUnit(unit: TemporalUnit, mappings: UnitMappings): TypeMapping {
  const [builder, name, fromText] = mappings[unit];
  return { builder: () => named(builder(), name), fromText };
}

function timeMapping(typeMod: number, options: MappingOptions): TypeMapping {
  const mode = options.timePrecisionMode;
  if (mode === 'connect') {
    return {
      builder: () => SchemaBuilder.int32().name(LogicalTypeNames.TIME).version(1),
      fromText: (t) => new Date(Math.floor(parseTime(t) / 1000)),
    };
  }
  return byUnit(
    temporalUnit(mode, temporalPrecision(typeMod), ['microseconds', 'adaptive_time_microseconds']),
    {
      milli: [SchemaBuilder.int32, 'io.debezium.time.Time', (t) => Math.floor(parseTime(t) / 1000)],
      micro: [SchemaBuilder.int64, 'io.debezium.time.MicroTime', parseTime],
      nano: [SchemaBuilder.int64, 'io.debezium.time.NanoTime', (t) => parseTime(t) * 1000],
    },
  );
}

function timestampMapping(typeMod: number, options: MappingOptions): TypeMapping {
  const mode = options.timePrecisionMode;
  if (mode === 'connect') {
    return {
      builder: () => SchemaBuilder.int64().name(LogicalTypeNames.TIMESTAMP).version(1),
      fromText: (t) => new Date(epochMillis(parseTimestamp(t))),
    };
  }
  return byUnit(temporalUnit(mode, temporalPrecision(typeMod), ['microseconds']), {
    milli: [SchemaBuilder.int64, 'io.debezium.time.Timestamp', (t) => epochMillis(parseTimestamp(t))],
    micro: [SchemaBuilder.int64, 'io.debezium.time.MicroTimestamp', (t) => epochMicros(parseTimestamp(t))],
    nano: [SchemaBuilder.int64, 'io.debezium.time.NanoTimestamp', (t) => epochNanos(parseTimestamp(t))],
  });
}

function intervalMapping(options: MappingOptions): TypeMapping {
  if (options.intervalHandlingMode === 'string') {
    return {
      builder: () => named(SchemaBuilder.string(), 'io.debezium.time.Interval'),
      fromText: (t) => intervalIsoText(parseInterval(t)),
    };
  }
  return {
    builder: () => named(SchemaBuilder.int64(), 'io.debezium.time.MicroDuration'),
    fromText: (t) => intervalMicros(parseInterval(t)),
  };
}

function bitMapping(oid: number, typeMod: number): TypeMapping {
  // bit without a length is bit(1); varbit without one has no limit.
  const length = typeMod > 0 ? typeMod : oid === Oid.BIT ? 1 : 2_147_483_647;
  if (length === 1) return { builder: () => SchemaBuilder.bool(), fromText: (t) => t.includes('1') };
  return {
    builder: () => named(SchemaBuilder.bytes(), 'io.debezium.data.Bits').parameter('length', String(length)),
    fromText: bitsFromText,
  };
}

const STRING: TypeMapping = { builder: () => SchemaBuilder.string(), fromText: identity };
const namedString = (name: string): TypeMapping => ({
  builder: () => named(SchemaBuilder.string(), name),
  fromText: identity,
});

/** The mapping of a (domain-resolved) type, or null when Debezium does not map it. */
function scalarMapping(type: PgType, typeMod: number, options: MappingOptions): TypeMapping | null {
  switch (type.oid) {
    case Oid.BOOL:
      return { builder: () => SchemaBuilder.bool(), fromText: (t) => t === 't' };
    case Oid.INT2:
      return { builder: () => SchemaBuilder.int16(), fromText: Number };
    case Oid.INT4:
      return { builder: () => SchemaBuilder.int32(), fromText: Number };
    case Oid.INT8:
    case Oid.OID:
      return { builder: () => SchemaBuilder.int64(), fromText: int64FromText };
    case Oid.FLOAT4:
      return { builder: () => SchemaBuilder.float32(), fromText: floatFromText };
    case Oid.FLOAT8:
      return { builder: () => SchemaBuilder.float64(), fromText: floatFromText };
    case Oid.NUMERIC:
      return numericMapping(typeMod, options);
    case Oid.MONEY:
      return moneyMapping(options);
    case Oid.TEXT:
    case Oid.VARCHAR:
    case Oid.BPCHAR:
    case Oid.CHAR:
    case Oid.NAME:
    case Oid.INET:
    case Oid.CIDR:
    case Oid.MACADDR:
    case Oid.MACADDR8:
    case Oid.INT4RANGE:
    case Oid.NUMRANGE:
    case Oid.INT8RANGE:
    case Oid.TSRANGE:
    case Oid.TSTZRANGE:
    case Oid.DATERANGE:
      return STRING;
    case Oid.TSVECTOR:
      return namedString('io.debezium.data.Tsvector');
    case Oid.UUID:
      return namedString('io.debezium.data.Uuid');
    case Oid.JSON:
    case Oid.JSONB:
      return namedString('io.debezium.data.Json');
    case Oid.XML:
      return namedString('io.debezium.data.Xml');
    case Oid.BYTEA:
      return binaryMapping(options);
    case Oid.DATE:
      return dateMapping(options);
    case Oid.TIME:
      return timeMapping(typeMod, options);
    case Oid.TIMETZ:
      return {
        builder: () => named(SchemaBuilder.string(), 'io.debezium.time.ZonedTime'),
        fromText: (t) => zonedTimeText(parseTimeTzAsUtc(t)),
      };
    case Oid.TIMESTAMP:
      return timestampMapping(typeMod, options);
    case Oid.TIMESTAMPTZ: {
      // Debezium writes the fraction with exactly the column's precision (6 when undeclared).
      const width = temporalPrecision(typeMod);
      return {
        builder: () => named(SchemaBuilder.string(), 'io.debezium.time.ZonedTimestamp'),
        fromText: (t) =>
          t === 'infinity' || t === '-infinity' ? t : zonedTimestampText(parseTimestampTz(t), width),
      };
    }
    case Oid.INTERVAL:
      return intervalMapping(options);
    case Oid.BIT:
    case Oid.VARBIT:
      return bitMapping(type.oid, typeMod);
  }
  if (type.kind === 'e') {
    const allowed = type.enumLabels.join(',');
    return {
      builder: () => named(SchemaBuilder.string(), 'io.debezium.data.Enum').parameter('allowed', allowed),
      fromText: identity,
    };
  }
  return null;
}

/** Follows domains down to the type they constrain, keeping the innermost declared modifier. */
export function resolveDomain(
  registry: TypeRegistry,
  oid: number,
  typeMod: number,
): [PgType | undefined, number] {
  let type = registry.get(oid);
  let mod = typeMod;
  for (let depth = 0; type?.kind === 'd' && depth < 16; depth++) {
    if (mod < 0) mod = type.baseTypeMod;
    type = registry.get(type.baseOid);
  }
  return [type, mod];
}

function arrayMapping(element: PgType, typeMod: number, options: MappingOptions): TypeMapping | null {
  const elementMapping = scalarMapping(element, typeMod, options);
  if (elementMapping === null) return null;
  if (element.kind === 'e') {
    // Debezium builds enum arrays from a builder that was never made optional: required elements.
    return {
      builder: () => SchemaBuilder.array(elementMapping.builder().build()),
      fromText: (t: string) =>
        parseArrayLiteral(t).map((e) => (e === null ? null : elementMapping.fromText(e))),
    };
  }
  if (!MAPPED_ARRAY_ELEMENTS.has(element.oid)) return null;
  const elementSchema: Schema = elementMapping.builder().optional().build();
  return {
    builder: () => SchemaBuilder.array(elementSchema),
    fromText: (t: string) =>
      parseArrayLiteral(t).map((e) => (e === null ? null : elementMapping.fromText(e))),
  };
}

/**
 * The mapping of a column of type `oid` (with modifier `typeMod`), or null when the column is left
 * out of change events because Debezium does not map its type.
 */
export function mapType(
  registry: TypeRegistry,
  oid: number,
  typeMod: number,
  options: MappingOptions,
): TypeMapping | null {
  const [type, mod] = resolveDomain(registry, oid, typeMod);
  if (type === undefined) return null;
  const mapping = isArrayType(type)
    ? (() => {
        const [element, elementMod] = resolveDomain(registry, type.elementOid, mod);
        return element ? arrayMapping(element, elementMod, options) : null;
      })()
    : scalarMapping(type, mod, options);
  if (mapping === null && options.includeUnknownDatatypes) {
    return binaryMapping(options).builder().type === 'BYTES'
      ? { builder: () => SchemaBuilder.bytes(), fromText: (t) => Buffer.from(t, 'utf8') }
      : { builder: () => SchemaBuilder.string(), fromText: identity };
  }
  return mapping;
}
