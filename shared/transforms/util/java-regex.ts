// Java regular expressions, as users write them for RegexRouter, TopicNameMatches and the like,
// run on JavaScript's engine. The two dialects share most syntax; this translates the Java-only
// constructs that appear in practice (leading inline flags, \Q...\E quoting, \A, \z, \Z) and
// implements Matcher.matches() (whole input) and replaceFirst()'s replacement syntax ($1, ${name},
// backslash escapes). Constructs JavaScript cannot express fail at configure time.

export interface JavaPattern {
  readonly source: string;
  /** Pattern.matcher(s).matches(): the whole input matches. */
  matches(input: string): boolean;
  /** Pattern.matcher(s).find(): the first match, or null. */
  find(input: string): RegExpExecArray | null;
  readonly groupCount: number;
  readonly groupNames: ReadonlySet<string>;
}

import { IllegalArgumentError, IndexOutOfBoundsError } from '../../api/errors.ts';

const FLAG_MAP: Record<string, string> = { i: 'i', s: 's', m: 'm', u: '', d: '' };

export function compileJavaRegex(source: string): JavaPattern {
  let body = source;
  let flags = '';
  // Java allows flags such as (?i) at the start to apply to the whole pattern; JavaScript takes flags
  // separately.
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (leading) {
    for (const flag of leading[1]!) {
      const mapped = FLAG_MAP[flag];
      if (mapped === undefined) throw new SyntaxError(`Unsupported inline flag '${flag}' near index 2`);
      if (!flags.includes(mapped)) flags += mapped;
    }
    body = body.slice(leading[0].length);
  }
  body = translate(body);
  if (/\\[pP]\{/.test(body)) flags += 'u';
  const anchored = new RegExp(`^(?:${body})$`, flags);
  const unanchored = new RegExp(body, flags);
  const groups = new RegExp(`${body}|`, flags).exec('')!;
  return {
    source,
    matches: (input) => anchored.test(input),
    find: (input) => {
      unanchored.lastIndex = 0;
      return unanchored.exec(input);
    },
    groupCount: groups.length - 1,
    groupNames: new Set(Object.keys(groups.groups ?? {})),
  };
}

function translate(pattern: string): string {
  // Java's class intersection ([a-z&&[^b]]) would compile in JavaScript with another meaning.
  if (/\[[^\]]*&&/.test(pattern)) throw new SyntaxError('Character class intersection (&&) is not supported');
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = pattern[i + 1];
    if (next === 'Q') {
      const end = pattern.indexOf('\\E', i + 2);
      const quoted = end === -1 ? pattern.slice(i + 2) : pattern.slice(i + 2, end);
      out += quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i = end === -1 ? pattern.length : end + 1;
    } else if (next === 'A') {
      out += '^';
      i++;
    } else if (next === 'z') {
      out += '$';
      i++;
    } else if (next === 'Z') {
      out += '(?=\\n?$)';
      i++;
    } else {
      out += c + (next ?? '');
      i++;
    }
  }
  return out;
}

type ReplacementPart = string | number | { name: string };

/**
 * Matcher.replaceFirst's replacement string, parsed once. Java reports a bad replacement when it is
 * applied, so a parse error is kept and thrown by `expand`, not by the constructor.
 */
export class JavaReplacement {
  readonly #parts: ReplacementPart[] = [];
  readonly #error: Error | null;

  constructor(replacement: string, pattern: JavaPattern) {
    this.#error = this.#parse(replacement, pattern);
  }

  /** `input` with the first match of `pattern` replaced (Matcher.replaceFirst). */
  replaceFirst(pattern: JavaPattern, input: string): string {
    const match = pattern.find(input);
    if (match === null) return input;
    return input.slice(0, match.index) + this.expand(match) + input.slice(match.index + match[0].length);
  }

  expand(match: RegExpExecArray): string {
    if (this.#error) throw this.#error;
    let out = '';
    for (const part of this.#parts) {
      if (typeof part === 'string') out += part;
      else if (typeof part === 'number') out += match[part] ?? '';
      else out += match.groups?.[part.name] ?? '';
    }
    return out;
  }

  #parse(replacement: string, pattern: JavaPattern): Error | null {
    let literal = '';
    const flush = () => {
      if (literal) this.#parts.push(literal);
      literal = '';
    };
    for (let i = 0; i < replacement.length; i++) {
      const c = replacement[i]!;
      if (c === '\\') {
        i++;
        if (i >= replacement.length) return new IllegalArgumentError('character to be escaped is missing');
        literal += replacement[i];
      } else if (c === '$') {
        i++;
        if (i >= replacement.length)
          return new IllegalArgumentError('Illegal group reference: group index is missing');
        if (replacement[i] === '{') {
          const end = replacement.indexOf('}', i);
          if (end === -1) return new IllegalArgumentError("named capturing group is missing trailing '}'");
          const name = replacement.slice(i + 1, end);
          if (name.length === 0) return new IllegalArgumentError('named capturing group has 0 length name');
          if (!pattern.groupNames.has(name)) return new IllegalArgumentError(`No group with name {${name}}`);
          flush();
          this.#parts.push({ name });
          i = end;
        } else {
          const first = replacement.charCodeAt(i) - 48;
          if (first < 0 || first > 9) return new IllegalArgumentError('Illegal group reference');
          let group = first;
          // Java takes further digits only while the group number still exists.
          while (i + 1 < replacement.length) {
            const digit = replacement.charCodeAt(i + 1) - 48;
            if (digit < 0 || digit > 9) break;
            const candidate = group * 10 + digit;
            if (candidate > pattern.groupCount) break;
            group = candidate;
            i++;
          }
          if (group > pattern.groupCount) return new IndexOutOfBoundsError(`No group ${group}`);
          flush();
          this.#parts.push(group);
        }
      } else {
        literal += c;
      }
    }
    flush();
    return null;
  }
}
