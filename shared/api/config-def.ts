// Kafka's ConfigDef: each plugin declares its keys (type, default, validator, docs), and the same
// declaration parses configs, validates them for the REST API and describes them to users.
// Values arrive as strings (connector JSON) or as typed values (programmatic use); both parse.
import { ConfigError } from './errors.ts';
import { javaParseFloating, javaParseInteger } from './values/java-parse-number.ts';
import { javaTrim } from './values/tokenizer.ts';

export type ConfigType =
  | 'BOOLEAN'
  | 'STRING'
  | 'INT'
  | 'SHORT'
  | 'LONG'
  | 'DOUBLE'
  | 'LIST'
  | 'CLASS'
  | 'PASSWORD';
export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';

/** Marks a key that must be given: parsing fails with Kafka's "Missing required configuration". */
export const NO_DEFAULT: unique symbol = Symbol('NO_DEFAULT');

export interface Validator {
  /** Throws a ConfigError naming `name` when `value` (already parsed to the key's type) is invalid. */
  ensureValid(name: string, value: unknown): void;
  /** Shown in docs, as Kafka's validators' toString() is. */
  toString(): string;
}

export interface ConfigKeyInit {
  name: string;
  type: ConfigType;
  defaultValue?: unknown;
  validator?: Validator;
  importance: Importance;
  documentation: string;
  group?: string;
  orderInGroup?: number;
  width?: Width;
  displayName?: string;
  dependents?: string[];
  /** Values to offer in a UI (the REST validate response's recommended_values). */
  recommendedValues?: (parsed: Readonly<Record<string, unknown>>) => unknown[];
}

export interface ConfigKey
  extends Required<Omit<ConfigKeyInit, 'validator' | 'recommendedValues' | 'group'>> {
  group: string | null;
  validator: Validator | undefined;
  recommendedValues: ((parsed: Readonly<Record<string, unknown>>) => unknown[]) | undefined;
}

/** A password: prints as [hidden] so it never reaches a log or an API response by accident. */
export class Password {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return '[hidden]';
  }
  toJSON(): string {
    return '[hidden]';
  }
}

/** One key's outcome in a validation: the REST API's `value` object. */
export interface ConfigValue {
  name: string;
  value: unknown;
  recommendedValues: unknown[];
  errors: string[];
  visible: boolean;
}

export class ConfigDef {
  readonly #keys = new Map<string, ConfigKey>();

  define(init: ConfigKeyInit): this {
    if (this.#keys.has(init.name)) throw new Error(`Configuration ${init.name} is defined twice.`);
    const key: ConfigKey = {
      name: init.name,
      type: init.type,
      defaultValue: 'defaultValue' in init ? init.defaultValue : NO_DEFAULT,
      validator: init.validator,
      importance: init.importance,
      documentation: init.documentation,
      group: init.group ?? null,
      orderInGroup: init.orderInGroup ?? -1,
      width: init.width ?? 'NONE',
      displayName: init.displayName ?? init.name,
      dependents: init.dependents ?? [],
      recommendedValues: init.recommendedValues,
    };
    // A default must itself be valid, as in Kafka; this catches mistakes in plugin code early.
    if (key.defaultValue !== NO_DEFAULT && key.defaultValue !== null) {
      const parsed = parseType(key.name, key.defaultValue, key.type);
      key.validator?.ensureValid(key.name, parsed);
    }
    this.#keys.set(key.name, key);
    return this;
  }

  /** Adds every key of `other` (for example the common connector keys under a plugin's own). */
  embed(other: ConfigDef): this {
    for (const key of other.keys()) {
      this.#keys.set(key.name, key);
    }
    return this;
  }

  keys(): IterableIterator<ConfigKey> {
    return this.#keys.values();
  }

  key(name: string): ConfigKey | undefined {
    return this.#keys.get(name);
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  /** Parses every defined key; throws on the first problem with Kafka's wording. */
  parse(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const key of this.#keys.values())
      values[key.name] = parseValue(key, props[key.name], key.name in props);
    return values;
  }

  /** Validates every key and collects all errors instead of stopping at the first. */
  validate(props: Readonly<Record<string, unknown>>): Map<string, ConfigValue> {
    const parsed: Record<string, unknown> = {};
    const results = new Map<string, ConfigValue>();
    for (const key of this.#keys.values()) {
      const result: ConfigValue = {
        name: key.name,
        value: props[key.name] ?? null,
        recommendedValues: [],
        errors: [],
        visible: true,
      };
      try {
        parsed[key.name] = parseValue(key, props[key.name], key.name in props);
      } catch (error) {
        result.errors.push(error instanceof Error ? error.message : String(error));
      }
      results.set(key.name, result);
    }
    for (const key of this.#keys.values()) {
      if (key.recommendedValues) results.get(key.name)!.recommendedValues = key.recommendedValues(parsed);
    }
    return results;
  }
}

function parseValue(key: ConfigKey, raw: unknown, present: boolean): unknown {
  let value: unknown;
  if (present && raw !== undefined) {
    value = parseType(key.name, raw, key.type);
  } else if (key.defaultValue === NO_DEFAULT) {
    throw new ConfigError(`Missing required configuration "${key.name}" which has no default value.`);
  } else {
    value = key.defaultValue === null ? null : parseType(key.name, key.defaultValue, key.type);
  }
  if (key.validator) key.validator.ensureValid(key.name, value);
  return value;
}

const INT_RANGES = {
  SHORT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const;

/** Kafka's ConfigDef.parseType, with the same error texts. */
export function parseType(name: string, value: unknown, type: ConfigType): unknown {
  if (value === null) return null;
  const trimmed = typeof value === 'string' ? value.trim() : value;
  switch (type) {
    case 'BOOLEAN':
      if (typeof trimmed === 'boolean') return trimmed;
      if (typeof trimmed === 'string') {
        const lower = trimmed.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
        throw new ConfigError(name, value, 'Expected value to be either true or false');
      }
      throw new ConfigError(name, value, 'Expected value to be either true or false');
    case 'PASSWORD':
      if (trimmed instanceof Password) return trimmed;
      if (typeof value === 'string') return new Password(value.trim());
      throw new ConfigError(name, value, 'Expected value to be a string, but it was a ' + typeName(value));
    case 'STRING':
    case 'CLASS':
      if (typeof trimmed === 'string') return trimmed;
      throw new ConfigError(name, value, 'Expected value to be a string, but it was a ' + typeName(value));
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      const [min, max] = INT_RANGES[type];
      let n = Number.NaN;
      if (typeof trimmed === 'number') n = trimmed;
      else if (typeof value === 'string') {
        // Short/Integer/Long.parseX of Java's trim: a sign and any Unicode decimal digits.
        try {
          n = Number(javaParseInteger(javaTrim(value), BigInt(min), BigInt(max)));
        } catch {}
      }
      if (!Number.isInteger(n) || n < min || n > max)
        throw new ConfigError(name, value, `Not a number of type ${type}`);
      return n;
    }
    case 'DOUBLE': {
      // NaN is a value here (Double.parseDouble reads "NaN"): undefined marks a failed parse.
      let n: number | undefined;
      if (typeof trimmed === 'number') n = trimmed;
      else if (typeof value === 'string') {
        // Double.parseDouble: Java's trim, hexadecimal floats, f/d suffixes, NaN and Infinity.
        try {
          n = javaParseFloating(value, false);
        } catch {}
      }
      if (n === undefined) throw new ConfigError(name, value, 'Not a number of type DOUBLE');
      return n;
    }
    case 'LIST':
      if (Array.isArray(trimmed)) return trimmed.map(String);
      if (typeof trimmed === 'string') return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      throw new ConfigError(name, value, 'Expected a comma separated list.');
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'java.util.List';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'object':
      return 'java.util.Map';
    default:
      return typeof value;
  }
}

/** The string form Kafka prints for a parsed value (lists comma-joined, passwords hidden). */
export function formatValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
