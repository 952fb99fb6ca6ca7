// Kafka's number converters (org.apache.kafka.connect.converters.{Double,Float,Integer,Long,Short}
// Converter) and BooleanConverter: one primitive in the bytes Kafka's own serializers write (big-endian
// two's complement, IEEE 754, one byte 0/1), for keys, values and headers.
//
// JavaScript has one number type, so the Java class Kafka would hold for a value comes from its
// schema (INT32 is an Integer, FLOAT64 a Double; without a schema a whole number is a Long and a
// boxed JavaDouble a Double, as JsonConverter makes them). A value whose class is not the converter's fails as Kafka's ClassCastException
// does, wrapped in the same DataException message.
import type { ConfigDef } from '../api/config-def.ts';
import type { Converter, HeaderConverter } from '../api/converter.ts';
import { DataError } from '../api/errors.ts';
import type { Headers } from '../api/headers.ts';
import type { Bytes } from '../api/record.ts';
import { type Schema, type SchemaAndValue, Schemas } from '../api/schema.ts';
import { toLongValue } from '../api/values/convert-number.ts';
import { javaClassName } from '../api/values/java-class.ts';
import { JavaDouble, JavaFloat } from '../api/values/java-double.ts';
import { converterConfigDef } from './converter-config.ts';

/** The Java class Kafka holds for a number with a schema of each numeric type. */
const JAVA_CLASS_BY_TYPE: Partial<Record<Schema['type'], string>> = {
  INT8: 'java.lang.Byte',
  INT16: 'java.lang.Short',
  INT32: 'java.lang.Integer',
  INT64: 'java.lang.Long',
  FLOAT32: 'java.lang.Float',
  FLOAT64: 'java.lang.Double',
};

/** The Java class of a Connect value as Kafka would hold it, e.g. java.lang.Integer for an INT32. */
function javaClassFor(schema: Schema | null, value: unknown): string {
  if ((typeof value === 'number' || typeof value === 'bigint') && schema !== null) {
    const name = JAVA_CLASS_BY_TYPE[schema.type];
    if (name !== undefined) return name;
  }
  return javaClassName(value);
}

interface NumberFormat {
  /** Kafka's typeName, used in its error messages. */
  readonly typeName: string;
  readonly javaClass: string;
  readonly schema: Schema;
  readonly size: number;
  write(view: DataView, value: number | bigint): void;
  read(view: DataView): number | bigint;
}

abstract class PrimitiveConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return converterConfigDef();
  }

  /** As a key/value converter (`isKey` given) or as a header converter (`converter.type` in configs). */
  configure(configs: Readonly<Record<string, unknown>>, isKey?: boolean): void {
    const withType =
      isKey === undefined ? configs : { ...configs, 'converter.type': isKey ? 'key' : 'value' };
    this.config().parse(withType);
  }

  abstract fromConnectData(
    topic: string,
    headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null;

  abstract toConnectData(topic: string, headers: Headers | null, value: Bytes | null): SchemaAndValue;

  toConnectHeader(topic: string, _headerKey: string, value: Bytes | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Bytes | null {
    return this.fromConnectData(topic, null, schema, value);
  }
}

class NumberConverter extends PrimitiveConverter {
  readonly #format: NumberFormat;

  constructor(format: NumberFormat) {
    super();
    this.#format = format;
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (value === null || value === undefined) return null;
    const javaClass = javaClassFor(schema, value);
    const numeric =
      typeof value === 'number' ||
      typeof value === 'bigint' ||
      value instanceof JavaDouble ||
      value instanceof JavaFloat;
    if (javaClass !== this.#format.javaClass || !numeric) {
      throw new DataError(`Failed to serialize to ${this.#format.typeName} (was class ${javaClass}): `);
    }
    const bytes = Buffer.alloc(this.#format.size);
    const plain = typeof value === 'bigint' ? value : Number(value);
    this.#format.write(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), plain);
    return bytes;
  }

  toConnectData(_topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    if (value === null) return { schema: this.#format.schema, value: null };
    if (value.length !== this.#format.size) {
      throw new DataError(`Failed to deserialize ${this.#format.typeName}: `);
    }
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    return { schema: this.#format.schema, value: this.#format.read(view) };
  }
}

export class ShortConverter extends NumberConverter {
  constructor() {
    super({
      typeName: 'short',
      javaClass: 'java.lang.Short',
      schema: Schemas.OPTIONAL_INT16,
      size: 2,
      write: (view, value) => view.setInt16(0, Number(value)),
      read: (view) => view.getInt16(0),
    });
  }
}

export class IntegerConverter extends NumberConverter {
  constructor() {
    super({
      typeName: 'integer',
      javaClass: 'java.lang.Integer',
      schema: Schemas.OPTIONAL_INT32,
      size: 4,
      write: (view, value) => view.setInt32(0, Number(value)),
      read: (view) => view.getInt32(0),
    });
  }
}

export class LongConverter extends NumberConverter {
  constructor() {
    super({
      typeName: 'long',
      javaClass: 'java.lang.Long',
      schema: Schemas.OPTIONAL_INT64,
      size: 8,
      write: (view, value) => view.setBigInt64(0, BigInt(value)),
      read: (view) => toLongValue(view.getBigInt64(0)),
    });
  }
}

export class FloatConverter extends NumberConverter {
  constructor() {
    super({
      typeName: 'float',
      javaClass: 'java.lang.Float',
      schema: Schemas.OPTIONAL_FLOAT32,
      size: 4,
      write: (view, value) => view.setFloat32(0, Number(value)),
      read: (view) => view.getFloat32(0),
    });
  }
}

export class DoubleConverter extends NumberConverter {
  constructor() {
    super({
      typeName: 'double',
      javaClass: 'java.lang.Double',
      schema: Schemas.OPTIONAL_FLOAT64,
      size: 8,
      write: (view, value) => view.setFloat64(0, Number(value)),
      read: (view) => view.getFloat64(0),
    });
  }
}

export class BooleanConverter extends PrimitiveConverter {
  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Bytes | null {
    if (schema !== null && schema.type !== 'BOOLEAN') {
      throw new DataError(`Invalid schema type for BooleanConverter: ${schema.type}`);
    }
    if (value === null || value === undefined) return null;
    if (typeof value !== 'boolean') {
      throw new DataError(
        `BooleanConverter is not compatible with objects of type class ${javaClassFor(schema, value)}`,
      );
    }
    return Buffer.from([value ? 1 : 0]);
  }

  toConnectData(_topic: string, _headers: Headers | null, value: Bytes | null): SchemaAndValue {
    if (value === null) return { schema: Schemas.OPTIONAL_BOOLEAN, value: null };
    // Kafka's BooleanDeserializer: exactly one byte, 0 or 1.
    if (value.length !== 1 || (value[0] !== 0 && value[0] !== 1)) {
      throw new DataError('Failed to deserialize boolean: ');
    }
    return { schema: Schemas.OPTIONAL_BOOLEAN, value: value[0] === 1 };
  }
}
