// Java regular expressions, as users write them for RegexRouter, TopicNameMatches and the like,
// run on JavaScript's engine: java-regex-translator.ts translates Java's syntax construct by
// construct; this implements Matcher.matches() (whole input) and replaceFirst()'s replacement
// syntax ($1, ${name}, backslash escapes). Constructs JavaScript cannot express fail at configure
// time, naming the construct.
import { IllegalArgumentError, IndexOutOfBoundsError } from '../../api/errors.ts';
import { translateJavaRegex } from './java-regex-translator.ts';

export interface JavaPattern {
  readonly source: string;
  /** Pattern.matcher(s).matches(): the whole input matches. */
  matches(input: string): boolean;
  /** Pattern.matcher(s).find(): the first match, or null. */
  find(input: string): RegExpExecArray | null;
  readonly groupCount: number;
  readonly groupNames: ReadonlySet<string>;
  /** The text Java's group `index` captured in a match from find(). */
  group(match: RegExpExecArray, index: number): string | undefined;
}

/** Compiles a Java regex; a syntax Java refuses, or a construct we cannot express, throws. */
export function compileJavaRegex(source: string): JavaPattern {
  const translation = translateJavaRegex(source);
  const body = translation.source;
  // No `m` flag: ^ and $ are translated with Java's line terminators where (?m) asks for them,
  // so here they mean the start and end of the input.
  const anchored = new RegExp(`^(?:${body})$`, 'u');
  const unanchored = new RegExp(body, 'u');
  const groups = new RegExp(`${body}|`, 'u').exec('')!;
  const groupIndex = translation.groupIndex;
  return {
    source,
    matches: (input) => anchored.test(input),
    find: (input) => {
      unanchored.lastIndex = 0;
      return unanchored.exec(input);
    },
    groupCount: translation.groupCount,
    groupNames: new Set(Object.keys(groups.groups ?? {})),
    group: (match, index) => match[groupIndex[index]!],
  };
}

type ReplacementPart = string | number | { name: string };

/**
 * Matcher.replaceFirst's replacement string, parsed once. Java reports a bad replacement when it is
 * applied, so a parse error is kept and thrown by `expand`, not by the constructor.
 */
export class JavaReplacement {
  readonly #parts: ReplacementPart[] = [];
  readonly #error: Error | null;
  readonly #pattern: JavaPattern;

  constructor(replacement: string, pattern: JavaPattern) {
    this.#pattern = pattern;
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
      else if (typeof part === 'number') out += this.#pattern.group(match, part) ?? '';
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
