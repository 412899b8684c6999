import { FilterSyntaxError, type CompareOp } from './filter-ast';

export type Keyword = 'and' | 'or' | 'not' | 'in' | 'is' | 'null' | 'true' | 'false';

const KEYWORDS: ReadonlySet<string> = new Set<Keyword>([
  'and',
  'or',
  'not',
  'in',
  'is',
  'null',
  'true',
  'false',
]);

export type Token =
  | { kind: 'path'; text: string; segments: string[]; positions: number[]; position: number }
  | { kind: 'keyword'; keyword: Keyword; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'op'; op: CompareOp; position: number }
  | { kind: 'punct'; char: '(' | ')' | '[' | ']' | ','; position: number }
  | { kind: 'end'; position: number };

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', r: '\r', t: '\t' };

function isIdentStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isIdentPart(char: string): boolean {
  return isIdentStart(char) || isDigit(char);
}

/**
 * Shows a character safely in a message: printable ones quoted, with their code point when not ASCII;
 * invisible ones (controls, spaces, format characters) by code point only.
 */
export function showChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === "'") return `"'"`;
  if (code >= 0x21 && code <= 0x7e) return `'${char}'`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `'${char}' (${hex})` : hex;
}

/**
 * Produces tokens one at a time, on demand, so that the parser reports the first error in the text
 * whether it is lexical or grammatical. Throws `FilterSyntaxError`.
 */
export class Lexer {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** The next token; `end` once the text is used up, and again on every later call. */
  next(): Token {
    const text = this.text;
    const at = (index: number): string => text.charAt(index);
    while (this.pos < text.length && ' \t\n\r'.includes(at(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'end', position: text.length };
    const char = at(start);

    if (isIdentStart(char)) {
      const segments: string[] = [];
      const positions: number[] = [];
      let pos = start;
      for (;;) {
        const segmentStart = pos;
        while (pos < text.length && isIdentPart(at(pos))) pos++;
        segments.push(text.slice(segmentStart, pos));
        positions.push(segmentStart);
        if (at(pos) !== '.') break;
        pos++;
        if (!isIdentStart(at(pos))) {
          throw new FilterSyntaxError("expected a field name after '.'", pos, found(text, pos));
        }
      }
      this.pos = pos;
      const word = text.slice(start, pos);
      const lower = word.toLowerCase();
      // Keywords are reserved only as whole words: `a.in` is a path, `IN` is the keyword.
      if (segments.length === 1 && KEYWORDS.has(lower)) {
        return { kind: 'keyword', keyword: lower as Keyword, text: word, position: start };
      }
      return { kind: 'path', text: word, segments, positions, position: start };
    }
    if (isDigit(char) || (char === '-' && isDigit(at(start + 1)))) {
      const token = readNumber(text, start);
      this.pos = start + token.text.length;
      return token;
    }
    if (char === "'" || char === '"') {
      const { value, end } = readString(text, start);
      this.pos = end;
      return { kind: 'string', value, position: start };
    }
    const two = text.slice(start, start + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      this.pos += 2;
      return { kind: 'op', op: two, position: start };
    }
    if (char === '<' || char === '>') {
      this.pos++;
      return { kind: 'op', op: char, position: start };
    }
    if (char === '(' || char === ')' || char === '[' || char === ']' || char === ',') {
      this.pos++;
      return { kind: 'punct', char, position: start };
    }
    // Familiar spellings from other languages get a pointer to ours instead of a bare "unexpected".
    if (two === '&&') throw new FilterSyntaxError("unexpected '&&' (use 'and')", start);
    if (two === '||') throw new FilterSyntaxError("unexpected '||' (use 'or')", start);
    if (char === '=') throw new FilterSyntaxError("unexpected '=' (use '==' to compare)", start);
    if (char === '!') throw new FilterSyntaxError("unexpected '!' (use 'not' or '!=')", start);
    throw new FilterSyntaxError(
      `unexpected character ${showChar(String.fromCodePoint(text.codePointAt(start) ?? 0))}`,
      start,
    );
  }
}

/** All tokens of `text`, the last being `end`. Throws `FilterSyntaxError`. */
export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/** What sits at `pos`, for error details. */
function found(text: string, pos: number): string {
  return pos >= text.length
    ? 'found the end of the filter'
    : `found ${showChar(String.fromCodePoint(text.codePointAt(pos) ?? 0))}`;
}

function readNumber(text: string, start: number): Extract<Token, { kind: 'number' }> {
  let pos = start;
  if (text.charAt(pos) === '-') pos++;
  while (isDigit(text.charAt(pos))) pos++;
  let integer = true;
  if (text.charAt(pos) === '.') {
    pos++;
    if (!isDigit(text.charAt(pos))) {
      throw new FilterSyntaxError('expected digits after the decimal point', pos, found(text, pos));
    }
    while (isDigit(text.charAt(pos))) pos++;
    integer = false;
  }
  // `1e5`, `12abc`, `1.2.3`: refuse rather than silently split into a number and something else.
  if (isIdentPart(text.charAt(pos)) || text.charAt(pos) === '.') {
    let end = pos;
    while (end < text.length && (isIdentPart(text.charAt(end)) || text.charAt(end) === '.')) end++;
    throw new FilterSyntaxError(
      `invalid number '${text.slice(start, end)}' (only integers and decimals such as -12 or 3.5)`,
      start,
    );
  }
  const raw = text.slice(start, pos);
  const value = Number(raw);
  // Beyond 2^53 a number no longer means what it says (a long id would silently match its neighbours).
  if ((integer && !Number.isSafeInteger(value)) || !Number.isFinite(value)) {
    throw new FilterSyntaxError(
      `number ${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw} is out of range (integers must lie within ±${Number.MAX_SAFE_INTEGER})`,
      start,
    );
  }
  return { kind: 'number', value, text: raw, position: start };
}

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text.charAt(start);
  let pos = start + 1;
  let value = '';
  while (pos < text.length) {
    const char = text.charAt(pos);
    if (char === quote) return { value, end: pos + 1 };
    if (char !== '\\') {
      value += char;
      pos++;
      continue;
    }
    const escaped = text.charAt(pos + 1);
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined && Object.hasOwn(SIMPLE_ESCAPES, escaped)) {
      value += simple;
      pos += 2;
      continue;
    }
    if (escaped === 'u') {
      const hex = text.slice(pos + 2, pos + 6);
      if (!/^[0-9A-Fa-f]{4}$/.test(hex))
        throw new FilterSyntaxError('invalid \\u escape (need 4 hex digits)', pos);
      value += String.fromCharCode(parseInt(hex, 16));
      pos += 6;
      continue;
    }
    if (escaped === '') break;
    const shown = /^[\x21-\x7e]$/.test(escaped) ? `'\\${escaped}'` : `'\\' followed by ${showChar(escaped)}`;
    throw new FilterSyntaxError(`unknown escape ${shown} in string`, pos);
  }
  throw new FilterSyntaxError('unterminated string', start);
}
