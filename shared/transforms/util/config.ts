// Config keys and validators several SMTs share, with Kafka's names, defaults and messages.
import type { ConfigDef, Validator } from '../../api/config-def.ts';
import { ConfigError } from '../../api/errors.ts';
import { caseInsensitiveValidString } from '../../api/validators.ts';
import { compileJavaRegex } from './java-regex.ts';

export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';

export function defineReplaceNullWithDefault(def: ConfigDef): ConfigDef {
  return def.define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    documentation:
      'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  });
}

export const FIELD_SYNTAX_VERSION = 'field.syntax.version';
export type FieldSyntaxVersion = 'V1' | 'V2';

/** KIP-821's `field.syntax.version`, as FieldSyntaxVersion.appendConfigTo defines it. */
export function defineFieldSyntaxVersion(def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION,
    type: 'STRING',
    defaultValue: 'V1',
    validator: caseInsensitiveValidString('V1', 'V2'),
    importance: 'HIGH',
    documentation:
      'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to access its elements: "`foo.bar`.baz".',
  });
}

export function fieldSyntaxVersion(parsed: Readonly<Record<string, unknown>>): FieldSyntaxVersion {
  return String(parsed[FIELD_SYNTAX_VERSION]).toUpperCase() === 'V2' ? 'V2' : 'V1';
}

/** transforms.util.NonEmptyListValidator. */
export const nonEmptyList: Validator = {
  ensureValid(name, value) {
    if (value === null || value === undefined || (value as unknown[]).length === 0)
      throw new ConfigError(name, formatList(value), 'Empty list');
  },
  toString: () => 'non-empty list',
};

/** transforms.util.RegexValidator: the pattern must compile (as a Java regex we can run). */
export const validRegex: Validator = {
  ensureValid(name, value) {
    try {
      compileJavaRegex(String(value));
    } catch (error) {
      throw new ConfigError(name, value, `Invalid regex: ${(error as Error).message}`);
    }
  },
  toString: () => 'valid regex',
};

/** How Java prints a List in a ConfigException: [a, b]. */
export function formatList(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
