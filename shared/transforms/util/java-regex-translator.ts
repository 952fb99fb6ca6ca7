// java.util.regex syntax → a JavaScript RegExp source (compiled with the `u` flag) that matches
// the same strings. Java and JavaScript share most syntax but read some of it differently, which
// would route a record to another topic without an error; so every construct is translated
// explicitly, with Java's defaults: `.`, `^`, `$`, `\s`, `\w`, `\d`, POSIX classes and (?i) are
// ASCII-only unless (?U)/(?u) say otherwise, and Java's line terminators include \u0085.
//
// Translated: inline flags (?idmsuxU) at any point and scoped (?i:...), (?x) comments, \Q...\E,
// \A \z \Z, \h \H \v \V \R, \a \e, octal \0nnn, \x{h...}, \p{...} in Java's spellings (POSIX
// classes, java.lang.Character classes, Is/In/script=/block=/general_category= forms),
// possessive quantifiers and atomic groups (as a lookahead and a back-reference to it), class
// union [a[b]] and intersection [a&&[b]]. Refused at configure time, with the construct named:
// \X, \N{...}, \b{g}, unknown property names, and blocks outside the table below. \G reads as the
// input's start (Kafka only uses fresh matchers) and under (?i) back-references ignore case.
import { UNICODE_BLOCKS } from './unicode-blocks.ts';

export interface Translation {
  /** The JavaScript source, for RegExp(source, 'u'). */
  readonly source: string;
  /** Java's group count (groups the translation added are not counted). */
  readonly groupCount: number;
  /** JavaScript group index of each Java group index (index 0 is the whole match). */
  readonly groupIndex: readonly number[];
}

/** A PatternSyntaxException-like error: the message names the construct. */
export class JavaRegexSyntaxError extends SyntaxError {}

interface Flags {
  i: boolean;
  d: boolean;
  m: boolean;
  s: boolean;
  u: boolean;
  x: boolean;
  U: boolean;
}

const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const HORIZONTAL = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const VERTICAL = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

/** POSIX classes: US-ASCII by default, Unicode under (?U). Class bodies, without brackets. */
const POSIX: Record<string, [ascii: string, unicode: string]> = {
  Lower: ['a-z', '\\p{Lowercase}'],
  Upper: ['A-Z', '\\p{Uppercase}'],
  ASCII: ['\\x00-\\x7F', '\\x00-\\x7F'],
  Alpha: ['a-zA-Z', '\\p{Alphabetic}'],
  Digit: ['0-9', '\\p{Nd}'],
  Alnum: ['a-zA-Z0-9', '\\p{Alphabetic}\\p{Nd}'],
  Punct: ['!-\\/:-@\\[-`{-~', '\\p{P}'],
  Graph: ['!-~', '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}'],
  Print: [' -~', '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Zs}'],
  Blank: [' \\t', ' \\t\\p{Zs}'],
  Cntrl: ['\\x00-\\x1F\\x7F', '\\p{Cc}'],
  XDigit: ['0-9a-fA-F', '\\p{Nd}\\p{Hex_Digit}'],
  Space: [' \\t\\n\\x0B\\f\\r', '\\p{White_Space}'],
};

/** java.lang.Character classes (\p{javaLowerCase} is Character.isLowerCase). */
const JAVA_CHARACTER: Record<string, string> = {
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaTitleCase: '\\p{Lt}',
  javaDigit: '\\p{Nd}',
  javaLetter: '\\p{L}',
  javaLetterOrDigit: '\\p{L}\\p{Nd}',
  javaAlphabetic: '\\p{Alphabetic}',
  javaIdeographic: '\\p{Ideographic}',
  javaWhitespace: '\\t-\\r\\x1C-\\x1F\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000 ',
  javaSpaceChar: '\\p{Zs}\\p{Zl}\\p{Zp}',
  javaMirrored: '\\p{Bidi_M}',
  javaISOControl: '\\x00-\\x1F\\x7F-\\x9F',
  javaDefined: '\\p{Assigned}',
};

/** Binary properties Java names after `Is` (case-insensitively), as JavaScript names them. */
const BINARY: Record<string, string> = {
  alphabetic: 'Alphabetic',
  ideographic: 'Ideographic',
  letter: 'L',
  lowercase: 'Lowercase',
  uppercase: 'Uppercase',
  titlecase: 'Lt',
  punctuation: 'P',
  control: 'Cc',
  white_space: 'White_Space',
  whitespace: 'White_Space',
  digit: 'Nd',
  hex_digit: 'Hex_Digit',
  hexdigit: 'Hex_Digit',
  join_control: 'Join_Control',
  joincontrol: 'Join_Control',
  noncharacter_code_point: 'Noncharacter_Code_Point',
  assigned: 'Assigned',
  emoji: 'Emoji',
  emoji_presentation: 'Emoji_Presentation',
  emoji_modifier: 'Emoji_Modifier',
  emoji_modifier_base: 'Emoji_Modifier_Base',
  emoji_component: 'Emoji_Component',
  extended_pictographic: 'Extended_Pictographic',
};

function propertyValid(body: string): boolean {
  try {
    new RegExp(`[${body}]`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** A \p{name} (or \pL) as the body of a JavaScript class, or an error naming it. */
function propertyClass(name: string, flags: Flags): string {
  const posix = POSIX[name];
  if (posix) return flags.U ? posix[1] : posix[0];
  const java = JAVA_CHARACTER[name];
  if (java) return java;
  const eq = /^(\w+)=(.+)$/.exec(name);
  if (eq) {
    const [, key, value] = eq as unknown as [string, string, string];
    const k = key.toLowerCase();
    if (k === 'script' || k === 'sc') return checked(`\\p{Script=${value}}`, name);
    if (k === 'block' || k === 'blk') return block(value, name);
    if (k === 'general_category' || k === 'gc') return checked(`\\p{${value}}`, name);
    throw unsupported(`property \\p{${name}}`);
  }
  if (name.startsWith('In')) return block(name.slice(2), name);
  if (name.startsWith('Is')) {
    const rest = name.slice(2);
    const binary = BINARY[rest.toLowerCase()];
    if (binary) return `\\p{${binary}}`;
    if (POSIX[rest]) return flags.U ? POSIX[rest][1] : POSIX[rest][0];
    // A general category (IsLu) or a script (IsLatin).
    if (propertyValid(`\\p{${rest}}`) && /^[A-Z][a-z&]?$/.test(rest)) return `\\p{${rest}}`;
    return checked(`\\p{Script=${rest}}`, name);
  }
  // A general category (L, Lu) or, as Java also allows, a script name without a prefix.
  if (/^[A-Z][a-z&]?$/.test(name) && propertyValid(`\\p{${name}}`)) return `\\p{${name.replace('&', '')}}`;
  if (name === 'L&' || name === 'LC') return '\\p{LC}';
  return checked(`\\p{Script=${name}}`, name);
}

function checked(body: string, name: string): string {
  if (!propertyValid(body)) throw unsupported(`Unknown character property name {${name}}`, true);
  return body;
}

function block(value: string, name: string): string {
  const key = value.toLowerCase().replace(/[\s_-]/g, '');
  const range = UNICODE_BLOCKS[key];
  if (!range) throw unsupported(`Unknown character block name {${name}}`, true);
  return range;
}

/** `atProperty`: Java reports the index of the property's closing brace (filled in by the caller). */
function unsupported(what: string, atProperty = false): JavaRegexSyntaxError {
  return new JavaRegexSyntaxError(atProperty ? `${what} near index ?` : what);
}

/** Both ASCII cases of a class body's letters and ranges (Java's default CASE_INSENSITIVE). */
function asciiCaseClosure(ranges: [number, number][]): [number, number][] {
  const extra: [number, number][] = [];
  for (const [lo, hi] of ranges) {
    const addShifted = (from: number, to: number, shift: number) => {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) extra.push([a + shift, b + shift]);
    };
    addShifted(0x61, 0x7a, -32);
    addShifted(0x41, 0x5a, 32);
  }
  return [...ranges, ...extra];
}

const hex = (code: number) => `\\u{${code.toString(16)}}`;

class Translator {
  readonly #p: string;
  #i = 0;
  #flags: Flags;
  #out = '';
  /** Java group index → JavaScript group index. */
  readonly #groupIndex: number[] = [0];
  #jsGroups = 0;

  constructor(pattern: string) {
    this.#p = pattern;
    this.#flags = { i: false, d: false, m: false, s: false, u: false, x: false, U: false };
  }

  translate(): Translation {
    this.#out = this.#sequence(false);
    if (this.#i < this.#p.length) throw unsupported(`Unmatched closing ')' near index ${this.#i - 1}`);
    return { source: this.#out, groupCount: this.#groupIndex.length - 1, groupIndex: this.#groupIndex };
  }

  /** Alternatives up to the end or a closing parenthesis (left for the caller). */
  #sequence(inGroup: boolean): string {
    const saved = { ...this.#flags };
    let out = '';
    let atomStart = -1;
    while (this.#i < this.#p.length) {
      const c = this.#p[this.#i]!;
      if (c === ')') {
        if (!inGroup) throw unsupported(`Unmatched closing ')' near index ${this.#i}`);
        break;
      }
      if (this.#flags.x && /\s/.test(c)) {
        this.#i++;
        continue;
      }
      if (this.#flags.x && c === '#') {
        while (this.#i < this.#p.length && !/[\n\r\u0085\u2028\u2029]/.test(this.#p[this.#i]!)) this.#i++;
        continue;
      }
      if (c === '|') {
        this.#i++;
        out += '|';
        atomStart = -1;
        continue;
      }
      if ('*+?{'.includes(c)) {
        if (atomStart < 0) {
          if (c === '{') throw unsupported(`Illegal repetition near index ${this.#i}`);
          throw unsupported(`Dangling meta character '${c}' near index ${this.#i}`);
        }
        const quantifier = this.#quantifier();
        const atom = out.slice(atomStart);
        if (this.#p[this.#i] === '+') {
          this.#i++;
          out = out.slice(0, atomStart) + this.#atomic(`(?:${atom})${quantifier}`);
        } else {
          if (this.#p[this.#i] === '?') {
            this.#i++;
            out += `${quantifier}?`;
          } else out += quantifier;
        }
        atomStart = -1;
        continue;
      }
      const before = out.length;
      const atom = this.#atom();
      if (atom === null) continue; // a flag change or a \E outside quoting
      out += atom;
      atomStart = atom === '' ? -1 : before;
    }
    if (!inGroup) this.#flags = saved;
    return out;
  }

  /** A lookahead capturing `inner`, matched again by back-reference: no backtracking into it. */
  #atomic(inner: string): string {
    this.#jsGroups++;
    return `(?=(${inner}))\\${this.#jsGroups}`;
  }

  #quantifier(): string {
    const c = this.#p[this.#i]!;
    this.#i++;
    if (c !== '{') return c;
    const m = /^(\d+)(,(\d*))?\}/.exec(this.#p.slice(this.#i));
    if (!m) throw unsupported(`Illegal repetition near index ${this.#i - 1}`);
    this.#i += m[0].length;
    return `{${m[0]}`;
  }

  /** One atom's JavaScript text; null when the construct matched nothing (a flag change). */
  #atom(): string | null {
    const c = this.#p[this.#i]!;
    switch (c) {
      case '(':
        return this.#group();
      case '[':
        return this.#classAtom();
      case '\\':
        return this.#escape(false);
      case '.':
        this.#i++;
        if (this.#flags.s) return '[\\s\\S]';
        return this.#flags.d ? '[^\\n]' : `[^${LINE_TERMINATORS}]`;
      case '^':
        this.#i++;
        if (!this.#flags.m) return '^';
        return this.#flags.d
          ? '(?:^|(?<=\\n)(?=[\\s\\S]))'
          : `(?:^|(?<=[\\n\\u0085\\u2028\\u2029]|\\r(?!\\n))(?=[\\s\\S]))`;
      case '$':
        this.#i++;
        if (this.#flags.d) return this.#flags.m ? '(?=\\n|$)' : '(?=\\n?$)';
        return this.#flags.m
          ? `(?=\\r\\n|[${LINE_TERMINATORS}]|$)`
          : `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?$)`;
      default:
        this.#i++;
        return this.#literal(c.codePointAt(0)! > 0xffff ? this.#surrogatePair(c) : c);
    }
  }

  #surrogatePair(first: string): string {
    const second = this.#p[this.#i]!;
    this.#i++;
    return first + second;
  }

  /** A literal character, with Java's case-insensitivity applied. */
  #literal(ch: string): string {
    const code = ch.codePointAt(0)!;
    if (this.#flags.i) {
      if (this.#flags.u || this.#flags.U) {
        const variants = new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1));
        if (variants.size > 1) return `[${[...variants].map((v) => hex(v.codePointAt(0)!)).join('')}]`;
      } else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
        return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
      }
    }
    return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : code < 0x20 || code === 0x7f ? hex(code) : ch;
  }

  #group(): string | null {
    const rest = this.#p.slice(this.#i);
    if (rest.startsWith('(?')) {
      const flagMatch = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?([:)])/.exec(rest);
      if (flagMatch && (flagMatch[1] || flagMatch[2] !== undefined || flagMatch[3] === ':')) {
        const [whole, on = '', off = '', end] = flagMatch;
        this.#i += whole.length;
        if (end === ')') {
          this.#setFlags(on, off);
          return null;
        }
        const saved = { ...this.#flags };
        this.#setFlags(on, off);
        const inner = this.#sequence(true);
        this.#expect(')');
        this.#flags = saved;
        return `(?:${inner})`;
      }
      if (rest.startsWith('(?>')) {
        this.#i += 3;
        const inner = this.#scoped();
        return this.#atomic(inner);
      }
      for (const prefix of ['(?:', '(?=', '(?!', '(?<=', '(?<!']) {
        if (rest.startsWith(prefix)) {
          this.#i += prefix.length;
          return `${prefix}${this.#scoped()})`;
        }
      }
      const named = /^\(\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
      if (named) {
        this.#i += named[0].length;
        this.#jsGroups++;
        this.#groupIndex.push(this.#jsGroups);
        return `(?<${named[1]}>${this.#scoped()})`;
      }
      throw unsupported(`Unknown inline modifier near index ${this.#i + 2}`);
    }
    this.#i++;
    this.#jsGroups++;
    this.#groupIndex.push(this.#jsGroups);
    return `(${this.#scoped()})`;
  }

  /** A group's body: flags set inside it end with it. */
  #scoped(): string {
    const saved = { ...this.#flags };
    const inner = this.#sequence(true);
    this.#expect(')');
    this.#flags = saved;
    return inner;
  }

  #expect(ch: string): void {
    if (this.#p[this.#i] !== ch) throw unsupported(`Unclosed group near index ${this.#p.length}`);
    this.#i++;
  }

  #setFlags(on: string, off: string): void {
    for (const f of on) this.#flags[f as keyof Flags] = true;
    for (const f of off) this.#flags[f as keyof Flags] = false;
  }

  /** An escape outside a class (inClass false) or its class-body text (inClass true). */
  #escape(inClass: boolean): string {
    const p = this.#p;
    const next = p[this.#i + 1];
    if (next === undefined) throw unsupported(`Unexpected internal error near index ${this.#i + 1}`);
    this.#i += 2;
    const f = this.#flags;
    const set = (body: string) => (inClass ? body : `[${body}]`);
    const notSet = (body: string) => (inClass ? `&&NOT${body}` : `[^${body}]`);
    switch (next) {
      case 'Q': {
        const end = p.indexOf('\\E', this.#i);
        const quoted = end === -1 ? p.slice(this.#i) : p.slice(this.#i, end);
        this.#i = end === -1 ? p.length : end + 2;
        if (inClass) return [...quoted].map((ch) => this.#classChar(ch)).join('');
        return [...quoted].map((ch) => this.#literal(ch)).join('') || '(?:)';
      }
      case 'E':
        return '';
      case 'A':
        return '^';
      case 'z':
        return '$';
      case 'Z':
        return f.d ? '(?=\\n?$)' : `(?=(?:\\r\\n|[${LINE_TERMINATORS}])?$)`;
      case 'G':
        // The end of the previous match. Kafka only ever runs a fresh matcher (matches(), or
        // replaceFirst, which resets it) where the previous match ends at the input's start.
        if (inClass) throw unsupported(`Illegal/unsupported escape sequence near index ${this.#i - 1}`);
        return '(?<![\\s\\S])';
      case 'X':
        throw unsupported('\\X (grapheme cluster) is not supported');
      case 'N':
        throw unsupported('\\N{name} is not supported');
      case 'b':
        if (p[this.#i] === '{') throw unsupported('\\b{g} (grapheme boundary) is not supported');
        return inClass ? '\\x08' : '\\b';
      case 'B':
        return '\\B';
      case 'h':
        return set(HORIZONTAL);
      case 'H':
        return notSet(HORIZONTAL);
      case 'v':
        return set(VERTICAL);
      case 'V':
        return notSet(VERTICAL);
      case 'R':
        if (inClass) throw unsupported('Illegal/unsupported escape sequence \\R in a class');
        return `(?:\\r\\n|[${VERTICAL}])`;
      case 's':
        return f.U ? set('\\p{White_Space}') : set(' \\t\\n\\x0B\\f\\r');
      case 'S':
        return f.U ? notSet('\\p{White_Space}') : notSet(' \\t\\n\\x0B\\f\\r');
      case 'd':
        return f.U ? set('\\p{Nd}') : set('0-9');
      case 'D':
        return f.U ? notSet('\\p{Nd}') : notSet('0-9');
      case 'w':
        return f.U ? set('\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}') : set('a-zA-Z_0-9');
      case 'W':
        return f.U ? notSet('\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}') : notSet('a-zA-Z_0-9');
      case 'p':
      case 'P': {
        let name: string;
        if (p[this.#i] === '{') {
          const end = p.indexOf('}', this.#i);
          if (end === -1) throw unsupported(`Unclosed character family near index ${p.length}`);
          name = p.slice(this.#i + 1, end);
          this.#i = end + 1;
        } else {
          name = p[this.#i] ?? '';
          this.#i++;
        }
        let body: string;
        try {
          body = propertyClass(name, f);
        } catch (error) {
          const message = (error as Error).message.replace('near index ?', `near index ${this.#i - 1}`);
          throw new JavaRegexSyntaxError(message);
        }
        return next === 'p' ? set(body) : notSet(body);
      }
      case 'a':
        return this.#charOut(0x07, inClass);
      case 'e':
        return this.#charOut(0x1b, inClass);
      case 't':
        return this.#charOut(0x09, inClass);
      case 'n':
        return this.#charOut(0x0a, inClass);
      case 'r':
        return this.#charOut(0x0d, inClass);
      case 'f':
        return this.#charOut(0x0c, inClass);
      case 'c': {
        const ch = p[this.#i];
        if (ch === undefined) throw unsupported('Illegal control escape sequence');
        this.#i++;
        return this.#charOut(ch.charCodeAt(0) ^ 64, inClass);
      }
      case '0': {
        const m = /^([0-3][0-7]{2}|[0-7]{1,2})/.exec(p.slice(this.#i));
        if (!m) throw unsupported(`Illegal octal escape sequence near index ${this.#i}`);
        this.#i += m[0].length;
        return this.#charOut(Number.parseInt(m[0], 8), inClass);
      }
      case 'x': {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(this.#i));
        const plain = /^[0-9a-fA-F]{2}/.exec(p.slice(this.#i));
        const digits = braced ? braced[1]! : plain?.[0];
        if (digits === undefined)
          throw unsupported(`Illegal hexadecimal escape sequence near index ${this.#i}`);
        this.#i += braced ? braced[0].length : 2;
        const code = Number.parseInt(digits, 16);
        if (code > 0x10ffff) throw unsupported('Hexadecimal codepoint is too big');
        return this.#charOut(code, inClass);
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(p.slice(this.#i));
        if (!m) throw unsupported(`Illegal Unicode escape sequence near index ${this.#i}`);
        this.#i += 4;
        return this.#charOut(Number.parseInt(m[0], 16), inClass);
      }
      case 'k': {
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(p.slice(this.#i));
        if (!m || inClass) throw unsupported("\\k is not followed by '<' for named capturing group");
        this.#i += m[0].length;
        return this.#backReference(`\\k<${m[1]}>`);
      }
      default:
        if (next >= '1' && next <= '9') {
          if (inClass) throw unsupported(`Illegal/unsupported escape sequence near index ${this.#i - 1}`);
          // Java takes more digits while the group exists.
          let group = Number(next);
          while (
            /[0-9]/.test(p[this.#i] ?? '') &&
            group * 10 + Number(p[this.#i]) < this.#groupIndex.length
          ) {
            group = group * 10 + Number(p[this.#i]);
            this.#i++;
          }
          const js = this.#groupIndex[group];
          // A reference to a group not (yet) defined matches nothing in Java.
          return js === undefined ? '(?!)' : this.#backReference(`\\${js}`);
        }
        if (/[a-zA-Z]/.test(next))
          throw unsupported(`Illegal/unsupported escape sequence near index ${this.#i - 1}`);
        return inClass ? this.#classChar(next) : this.#literal(next);
    }
  }

  /**
   * A back-reference; under (?i) Java compares it ignoring case (CIBackRef), which the `i`
   * modifier group gives in JavaScript. Java folds only ASCII letters there unless (?u); the
   * modifier folds Unicode letters too (listed in the corpus where that shows).
   */
  #backReference(reference: string): string {
    return this.#flags.i ? `(?i:${reference})` : reference;
  }

  #charOut(code: number, inClass: boolean): string {
    const ch = String.fromCodePoint(code);
    return inClass ? this.#classChar(ch) : this.#literal(ch);
  }

  #classChar(ch: string): string {
    return hex(ch.codePointAt(0)!);
  }

  // ---- classes -------------------------------------------------------------------------------

  /** A Java class [...] as a JavaScript atom (a plain class where possible). */
  #classAtom(): string {
    const cls = this.#class();
    return cls;
  }

  /**
   * Parses [...] (the index at '['): union of items, && intersections, nested classes. Returns a
   * JavaScript atom matching one character.
   */
  #class(): string {
    const p = this.#p;
    this.#i++; // [
    let negated = false;
    if (p[this.#i] === '^') {
      negated = true;
      this.#i++;
    }
    const operands: string[][] = [[]]; // intersection of unions of atoms
    let first = true;
    while (true) {
      if (this.#i >= p.length) throw unsupported(`Unclosed character class near index ${p.length - 1}`);
      const c = p[this.#i]!;
      if (c === ']' && !first) {
        this.#i++;
        break;
      }
      first = false;
      if (this.#flags.x && /\s/.test(c)) {
        this.#i++;
        continue;
      }
      if (c === '&' && p[this.#i + 1] === '&') {
        this.#i += 2;
        operands.push([]);
        continue;
      }
      const current = operands[operands.length - 1]!;
      if (c === '[') {
        current.push(this.#class());
        continue;
      }
      if (c === '\\') {
        const text = this.#escape(true);
        if (text.startsWith('&&NOT')) current.push(`[^${text.slice(5)}]`);
        else if (text !== '') current.push(this.#rangeAfter(text));
        continue;
      }
      this.#i++;
      const ch = c.codePointAt(0)! > 0xffff ? this.#surrogatePair(c) : c;
      current.push(this.#rangeAfter(this.#classChar(ch)));
    }
    const unions = operands.filter((o) => o.length > 0).map((items) => this.#union(items));
    if (unions.length === 0) return negated ? '[\\s\\S]' : '(?!)';
    const body =
      unions.length === 1
        ? unions[0]!
        : `(?:${unions
            .slice(0, -1)
            .map((u) => `(?=${u})`)
            .join('')}${unions.at(-1)})`;
    if (!negated) return body;
    if (body.startsWith('[') && !body.startsWith('[^')) return `[^${body.slice(1)}`;
    return `(?:(?!${body})[\\s\\S])`;
  }

  /** `start` (a class character) possibly followed by -end: a range. Applies (?i) to ranges. */
  #rangeAfter(start: string): string {
    const p = this.#p;
    if (
      p[this.#i] === '-' &&
      p[this.#i + 1] !== ']' &&
      p[this.#i + 1] !== undefined &&
      p[this.#i + 1] !== '['
    ) {
      const lo = codeOf(start);
      if (lo !== null) {
        this.#i++;
        let endText: string;
        if (p[this.#i] === '\\') endText = this.#escape(true);
        else {
          const c = p[this.#i]!;
          this.#i++;
          endText = this.#classChar(c.codePointAt(0)! > 0xffff ? this.#surrogatePair(c) : c);
        }
        const hi = codeOf(endText);
        if (hi === null || hi < lo) throw unsupported(`Illegal character range near index ${this.#i - 1}`);
        return this.#caseRanges([[lo, hi]]);
      }
    }
    const code = codeOf(start);
    return code === null ? `[${start}]` : this.#caseRanges([[code, code]]);
  }

  #caseRanges(ranges: [number, number][]): string {
    const f = this.#flags;
    let all = ranges;
    if (f.i && !(f.u || f.U)) all = asciiCaseClosure(ranges);
    else if (f.i) {
      const extra: [number, number][] = [];
      for (const [lo, hi] of ranges) {
        if (hi - lo > 2000) continue;
        for (let code = lo; code <= hi; code++) {
          const ch = String.fromCodePoint(code);
          for (const v of [ch.toLowerCase(), ch.toUpperCase()])
            if ([...v].length === 1 && v !== ch) extra.push([v.codePointAt(0)!, v.codePointAt(0)!]);
        }
      }
      all = [...ranges, ...extra];
    }
    return `[${all.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`;
  }

  /** Union of class atoms (each a JavaScript class or group) as one atom. */
  #union(items: string[]): string {
    const plain = items.every((i) => i.startsWith('[') && !i.startsWith('[^'));
    if (plain) return `[${items.map((i) => i.slice(1, -1)).join('')}]`;
    return items.length === 1 ? items[0]! : `(?:${items.join('|')})`;
  }
}

/** The code point of a one-character class text (\u{..}), or null for a class escape. */
function codeOf(text: string): number | null {
  const m = /^\\u\{([0-9a-f]+)\}$/.exec(text);
  return m ? Number.parseInt(m[1]!, 16) : null;
}

/** Java's PatternSyntaxException message: the description, then the pattern with a caret under the index. */
export function translateJavaRegex(pattern: string): Translation {
  try {
    return new Translator(pattern).translate();
  } catch (error) {
    if (!(error instanceof JavaRegexSyntaxError)) throw error;
    const near = / near index (\d+)$/.exec(error.message);
    if (near === null) throw error;
    const index = Number(near[1]);
    throw new JavaRegexSyntaxError(`${error.message}\n${pattern}\n${' '.repeat(index)}^`);
  }
}
