// The validators of Kafka's ConfigDef, with Kafka's error texts.
import type { Validator } from './config-def.ts';
import { ConfigError } from './errors.ts';

export const Range = {
  atLeast(min: number): Validator {
    return range(min, undefined);
  },
  between(min: number, max: number): Validator {
    return range(min, max);
  },
};

function range(min: number | undefined, max: number | undefined): Validator {
  return {
    ensureValid(name, value) {
      if (value === null || value === undefined) throw new ConfigError(name, value, 'Value must be non-null');
      const n = value as number;
      if (min !== undefined && n < min) throw new ConfigError(name, value, `Value must be at least ${min}`);
      if (max !== undefined && n > max)
        throw new ConfigError(name, value, `Value must be no more than ${max}`);
    },
    toString() {
      if (min === undefined) return `[...,${max}]`;
      if (max === undefined) return `[${min},...]`;
      return `[${min},...,${max}]`;
    },
  };
}

/** One of a fixed set of strings (case-sensitive), as ConfigDef.ValidString.in. */
export function validString(...allowed: string[]): Validator {
  return {
    ensureValid(name, value) {
      if (typeof value !== 'string' || !allowed.includes(value)) {
        throw new ConfigError(name, value, `String must be one of: ${allowed.join(', ')}`);
      }
    },
    toString: () => `[${allowed.join(', ')}]`,
  };
}

/** One of a fixed set of strings, ignoring case, as ConfigDef.CaseInsensitiveValidString.in. */
export function caseInsensitiveValidString(...allowed: string[]): Validator {
  const upper = allowed.map((s) => s.toUpperCase());
  return {
    ensureValid(name, value) {
      if (typeof value !== 'string' || !upper.includes(value.toUpperCase())) {
        throw new ConfigError(name, value, `String must be one of (case insensitive): ${allowed.join(', ')}`);
      }
    },
    toString: () => `(case insensitive) [${allowed.join(', ')}]`,
  };
}

export const nonEmptyString: Validator = {
  ensureValid(name, value) {
    if (typeof value !== 'string' || value.length === 0)
      throw new ConfigError(name, value, 'String must be non-empty');
  },
  toString: () => 'non-empty string',
};

export const nonNull: Validator = {
  ensureValid(name, value) {
    if (value === null || value === undefined) throw new ConfigError(name, value, 'Entry must be non null');
  },
  toString: () => 'non-null string',
};

/** Every element of a LIST is one of `allowed`. */
export function validList(...allowed: string[]): Validator {
  return {
    ensureValid(name, value) {
      for (const item of (value as string[] | null) ?? []) {
        if (!allowed.includes(item)) {
          throw new ConfigError(name, item, `String must be one of: ${allowed.join(', ')}`);
        }
      }
    },
    toString: () => `[${allowed.join(', ')}]`,
  };
}

export function composite(...validators: Validator[]): Validator {
  return {
    ensureValid(name, value) {
      for (const v of validators) v.ensureValid(name, value);
    },
    toString: () => validators.map(String).join(', '),
  };
}

/** A custom rule with its own message, phrased like Kafka's ConfigException. */
export function rule(describe: string, check: (value: unknown) => string | undefined): Validator {
  return {
    ensureValid(name, value) {
      const problem = check(value);
      if (problem !== undefined) throw new ConfigError(name, value, problem);
    },
    toString: () => describe,
  };
}
