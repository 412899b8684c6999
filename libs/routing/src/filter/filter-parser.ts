/**
 * Parser for subscription filters: a small, safe expression language over record field paths. Filters are
 * data, never code: they are parsed into a tree and evaluated by closures (no `eval`, no `new Function`).
 *
 * Grammar (keywords are case-insensitive: `and`, `AND`, `And`):
 *
 *   expr       := or
 *   or         := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | primary
 *   primary    := '(' expr ')' | comparison
 *   comparison := path op literal
 *               | path 'in' '[' literal (',' literal)* ']'
 *               | path 'is' 'null'
 *               | path 'is' 'not' 'null'
 *   op         := '==' | '!=' | '<' | '<=' | '>' | '>='
 *   literal    := string | number | 'true' | 'false' | 'null'
 *   string     := '...' or "..." with escapes \\ \' \" \n \r \t \uXXXX
 *   number     := -?[0-9]+('.'[0-9]+)?          (integers within ±2^53-1; no exponents)
 *   path       := identifier ('.' identifier)*  (no spaces around '.')
 *   identifier := [A-Za-z_][A-Za-z0-9_]*        (an Avro name)
 *
 * So `not` binds tighter than `and`, which binds tighter than `or`: `a or b and not c` is
 * `a or (b and (not c))`. A keyword cannot be a whole path (`in == 1` is an error) but may follow a dot
 * (`x.in`). Limits: FILTER_LIMITS (text length, nesting of `(` and `not`, `in` list length).
 * Positions are 0-based offsets in UTF-16 code units (JavaScript string indices).
 */
import {
  FILTER_LIMITS,
  FilterSyntaxError,
  type FilterAst,
  type FilterLiteral,
  type FilterPath,
} from './filter-ast';
import { Lexer, type Keyword, type Token } from './filter-lexer';

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'found the end of the filter';
    case 'path':
      return `found field path '${token.text}'`;
    case 'keyword':
      return `found '${token.text}'`;
    case 'string':
      return 'found a string';
    case 'number':
      return `found number ${token.text}`;
    case 'op':
      return `found '${token.op}'`;
    case 'punct':
      return `found '${token.char}'`;
  }
}

class Parser {
  private depth = 0;
  private current: Token;

  constructor(private readonly lexer: Lexer) {
    this.current = lexer.next();
  }

  parse(): FilterAst {
    const first = this.peek();
    if (first.kind === 'end') throw new FilterSyntaxError('the filter is empty', first.position);
    const ast = this.or();
    const next = this.peek();
    if (next.kind !== 'end') {
      if (next.kind === 'punct' && next.char === ')')
        throw new FilterSyntaxError("unmatched ')'", next.position);
      throw new FilterSyntaxError(
        "expected 'and', 'or' or the end of the filter",
        next.position,
        describeToken(next),
      );
    }
    return ast;
  }

  private peek(): Token {
    return this.current;
  }

  private advance(): Token {
    const token = this.current;
    if (token.kind !== 'end') this.current = this.lexer.next();
    return token;
  }

  private isKeyword(keyword: Keyword): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.keyword === keyword;
  }

  private isPunct(char: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.char === char;
  }

  private enter(position: number): void {
    this.depth++;
    if (this.depth > FILTER_LIMITS.maxDepth) {
      throw new FilterSyntaxError(`nesting is deeper than ${FILTER_LIMITS.maxDepth} levels`, position);
    }
  }

  private or(): FilterAst {
    const first = this.and();
    const operands = [first];
    while (this.isKeyword('or')) {
      this.advance();
      operands.push(this.and());
    }
    return operands.length === 1 ? first : { kind: 'or', operands, position: first.position };
  }

  private and(): FilterAst {
    const first = this.unary();
    const operands = [first];
    while (this.isKeyword('and')) {
      this.advance();
      operands.push(this.unary());
    }
    return operands.length === 1 ? first : { kind: 'and', operands, position: first.position };
  }

  private unary(): FilterAst {
    if (this.isKeyword('not')) {
      const position = this.advance().position;
      this.enter(position);
      const operand = this.unary();
      this.depth--;
      return { kind: 'not', operand, position };
    }
    return this.primary();
  }

  private primary(): FilterAst {
    if (this.isPunct('(')) {
      const open = this.advance().position;
      this.enter(open);
      const inner = this.or();
      this.depth--;
      if (!this.isPunct(')')) {
        const next = this.peek();
        throw new FilterSyntaxError(
          "expected ')'",
          next.position,
          `to close the '(' at position ${open}; ${describeToken(next)}`,
        );
      }
      this.advance();
      return inner;
    }
    return this.comparison();
  }

  private comparison(): FilterAst {
    const token = this.advance();
    if (token.kind !== 'path') {
      const detail =
        token.kind === 'keyword' ? `${describeToken(token)}, a reserved word` : describeToken(token);
      throw new FilterSyntaxError('expected a field path', token.position, detail);
    }
    const path: FilterPath = {
      text: token.text,
      segments: token.segments,
      positions: token.positions,
      position: token.position,
    };
    const next = this.advance();
    if (next.kind === 'op') {
      const value = this.literal(`after '${next.op}'`);
      return {
        kind: 'compare',
        path,
        op: next.op,
        opPosition: next.position,
        value,
        position: path.position,
      };
    }
    if (next.kind === 'keyword' && next.keyword === 'in') return this.inList(path, next.position);
    if (next.kind === 'keyword' && next.keyword === 'is') {
      const negated = this.isKeyword('not');
      if (negated) this.advance();
      if (!this.isKeyword('null')) {
        const after = this.peek();
        throw new FilterSyntaxError(
          negated ? "expected 'null' after 'is not'" : "expected 'null' or 'not null' after 'is'",
          after.position,
          describeToken(after),
        );
      }
      this.advance();
      return { kind: 'isNull', path, negated, opPosition: next.position, position: path.position };
    }
    throw new FilterSyntaxError(
      `expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in' or 'is') after '${path.text}'`,
      next.position,
      describeToken(next),
    );
  }

  private inList(path: FilterPath, opPosition: number): FilterAst {
    if (!this.isPunct('[')) {
      const next = this.peek();
      throw new FilterSyntaxError("expected '[' after 'in'", next.position, describeToken(next));
    }
    this.advance();
    const values: FilterLiteral[] = [];
    for (;;) {
      if (values.length === FILTER_LIMITS.maxInList) {
        throw new FilterSyntaxError(
          `an 'in' list may hold at most ${FILTER_LIMITS.maxInList} values`,
          this.peek().position,
        );
      }
      values.push(this.literal(values.length === 0 ? "after 'in ['" : "after ','"));
      if (this.isPunct(',')) {
        this.advance();
        continue;
      }
      if (this.isPunct(']')) {
        this.advance();
        return { kind: 'in', path, opPosition, values, position: path.position };
      }
      const next = this.peek();
      throw new FilterSyntaxError("expected ',' or ']' in the 'in' list", next.position, describeToken(next));
    }
  }

  private literal(where: string): FilterLiteral {
    const token = this.peek();
    const position = token.position;
    if (token.kind === 'string') {
      this.advance();
      return { kind: 'string', value: token.value, position };
    }
    if (token.kind === 'number') {
      this.advance();
      return { kind: 'number', value: token.value, position };
    }
    if (token.kind === 'keyword' && (token.keyword === 'true' || token.keyword === 'false')) {
      this.advance();
      return { kind: 'boolean', value: token.keyword === 'true', position };
    }
    if (token.kind === 'keyword' && token.keyword === 'null') {
      this.advance();
      return { kind: 'null', value: null, position };
    }
    const detail =
      token.kind === 'path'
        ? `${describeToken(token)}; a field can only be compared with a value, not another field`
        : describeToken(token);
    throw new FilterSyntaxError(`expected a value ${where}`, position, detail);
  }
}

/**
 * Parses filter text into a tree. Throws `FilterSyntaxError` (with `position`) on any syntax error and when
 * the text exceeds FILTER_LIMITS. Only syntax is checked here; `checkFilter` checks the tree against a schema.
 */
export function parseFilter(text: string): FilterAst {
  if (typeof text !== 'string') throw new FilterSyntaxError('the filter must be a string', 0);
  if (text.length > FILTER_LIMITS.maxLength) {
    throw new FilterSyntaxError(
      `the filter is ${text.length} characters long, more than the ${FILTER_LIMITS.maxLength} allowed`,
      FILTER_LIMITS.maxLength,
    );
  }
  return new Parser(new Lexer(text)).parse();
}
