// Kafka's SingleFieldPath (KIP-821): a field name (V1) or a dotted path into nested structs and
// maps (V2), where backticks quote names that contain dots and a backslash escapes a backtick.
import { ConfigError } from '../../api/errors.ts';
import type { Field, Schema, Struct } from '../../api/schema.ts';
import type { FieldSyntaxVersion } from './config.ts';
import { requireMapOrNull, requireStructOrNull } from './requirements.ts';

const NESTED = 'nested field access';

export class SingleFieldPath {
  readonly version: FieldSyntaxVersion;
  readonly steps: readonly string[];

  constructor(path: string, version: FieldSyntaxVersion) {
    this.version = version;
    this.steps = Object.freeze(version === 'V1' ? [path] : parseV2(path));
  }

  /** The field the path names in `schema`, or undefined when any step is missing. */
  fieldFrom(schema: Schema | null): Field | undefined {
    if (schema === null) return undefined;
    let current = schema;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const field = current.field(this.steps[i]!);
      if (field === undefined) return undefined;
      current = field.schema;
    }
    return current.field(this.#last);
  }

  /** The value at the path, or null when it is missing; `withDefault` as Struct.get vs getWithoutDefault. */
  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    let current = struct;
    if (current === null) return null;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const step = this.steps[i]!;
      if (current.schema.field(step) === undefined) return null;
      current = requireStructOrNull(current.get(step), NESTED);
      if (current === null) return null;
    }
    if (current.schema.field(this.#last) === undefined) return null;
    return withDefault ? current.get(this.#last) : current.getWithoutDefault(this.#last);
  }

  valueFromMap(map: Map<unknown, unknown> | null): unknown {
    let current = map;
    if (current === null) return null;
    for (let i = 0; i < this.steps.length - 1; i++) {
      current = requireMapOrNull(current.get(this.steps[i]!), NESTED);
      if (current === null) return null;
    }
    return current.get(this.#last) ?? null;
  }

  get #last(): string {
    return this.steps[this.steps.length - 1]!;
  }

  toString(): string {
    return `SingleFieldPath{version=${this.version}, path=${this.steps.join('.')}}`;
  }
}

function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length) {
    if (path[idx] !== '`') {
      const dot = path.indexOf('.', idx);
      if (dot >= 0) {
        steps.push(path.slice(idx, dot));
        idx = dot + 1;
      } else {
        steps.push(path.slice(idx));
        idx = path.length;
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    for (;;) {
      idx = path.indexOf('`', idx);
      if (idx === -1) failIncompleteBacktick(path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        // The closing backtick ends the path.
        if (escaped) failIncompleteBacktick(path, backtickAt);
        field += path.slice(start, idx);
        steps.push(field);
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') {
        // A backtick inside the name: keep looking for one followed by a dot.
        idx++;
        continue;
      }
      if (escaped) {
        field += path.slice(start, idx - 1) + '`';
        idx++;
        start = idx;
        continue;
      }
      field += path.slice(start, idx);
      steps.push(field);
      idx += 2;
      break;
    }
  }
  // A trailing dot names an empty last step, as in Kafka.
  if (path.endsWith('.')) steps.push('');
  return steps;
}

function failIncompleteBacktick(path: string, backtickAt: number): never {
  throw new ConfigError(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${backtickAt} to escape it`,
  );
}
