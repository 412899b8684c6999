import { sexpr } from '../testing/filter-sexpr.fixture';
import { FILTER_LIMITS, FilterSyntaxError } from './filter-ast';
import { parseFilter } from './filter-parser';

const parse = (text: string): string => sexpr(parseFilter(text));

/** The error `parseFilter` throws for `text`; fails the test when it parses. */
function syntaxError(text: string): FilterSyntaxError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('parseFilter', () => {
  describe('comparisons', () => {
    it.each([
      ["child.sex == 'PEREMPUAN'", '(== child.sex "PEREMPUAN")'],
      ['a != 1', '(!= a 1)'],
      ['a < 1', '(< a 1)'],
      ['a <= 1', '(<= a 1)'],
      ['a > 1', '(> a 1)'],
      ['a >= 1', '(>= a 1)'],
      ['a==1', '(== a 1)'],
      ['a<=-1', '(<= a -1)'],
      ["a in ['x']", '(in a ["x"])'],
      ['a in [\'x\', "y", 3, -4.5, true, false, null]', '(in a ["x" "y" 3 -4.5 true false null])'],
      ['a is null', '(is-null a)'],
      ['a is not null', '(is-not-null a)'],
      ['child.birthPlace.regencyCode == "3171"', '(== child.birthPlace.regencyCode "3171")'],
    ])('parses %s', (text, expected) => {
      expect(parse(text)).toBe(expected);
    });

    it('parses every literal form', () => {
      expect(parse('a == 0')).toBe('(== a 0)');
      expect(parse('a == 007')).toBe('(== a 7)');
      expect(parse('a == -0.25')).toBe('(== a -0.25)');
      expect(parse(`a == ${Number.MAX_SAFE_INTEGER}`)).toBe(`(== a ${Number.MAX_SAFE_INTEGER})`);
      expect(parse(`a == -${Number.MAX_SAFE_INTEGER}`)).toBe(`(== a -${Number.MAX_SAFE_INTEGER})`);
      expect(parse('a == true')).toBe('(== a true)');
      expect(parse('a == FALSE')).toBe('(== a false)');
      expect(parse('a == Null')).toBe('(== a null)');
      expect(parse("a == ''")).toBe('(== a "")');
    });

    it('reads string escapes', () => {
      const value = (text: string): unknown => {
        const ast = parseFilter(text);
        return ast.kind === 'compare' ? ast.value.value : undefined;
      };
      expect(value(String.raw`a == 'it\'s'`)).toBe("it's");
      expect(value(String.raw`a == "say \"hi\""`)).toBe('say "hi"');
      expect(value(String.raw`a == 'back\\slash'`)).toBe('back\\slash');
      expect(value(String.raw`a == 'tab\tnl\ncr\r'`)).toBe('tab\tnl\ncr\r');
      expect(value(String.raw`a == '\u0041\u00e9'`)).toBe('Aé');
      expect(value(`a == "it's"`)).toBe("it's");
      expect(value(`a == 'Jl. Sudirman No. 1, "Gedung A"'`)).toBe('Jl. Sudirman No. 1, "Gedung A"');
      expect(value("a == 'Bandung 😀 — Ñ ½'")).toBe('Bandung 😀 — Ñ ½');
    });

    it('records positions of paths, segments, operators and values', () => {
      const ast = parseFilter("  child.birthPlace.regencyCode == '3171'");
      expect(ast).toEqual({
        kind: 'compare',
        path: {
          text: 'child.birthPlace.regencyCode',
          segments: ['child', 'birthPlace', 'regencyCode'],
          positions: [2, 8, 19],
          position: 2,
        },
        op: '==',
        opPosition: 31,
        value: { kind: 'string', value: '3171', position: 34 },
        position: 2,
      });
      const isNull = parseFilter('fatherNik is not null');
      expect(isNull).toEqual({
        kind: 'isNull',
        path: { text: 'fatherNik', segments: ['fatherNik'], positions: [0], position: 0 },
        negated: true,
        opPosition: 10,
        position: 0,
      });
      const inList = parseFilter('a in [1, 2]');
      expect(inList).toMatchObject({ kind: 'in', opPosition: 2, values: [{ position: 6 }, { position: 9 }] });
    });

    it('allows keywords after a dot and as parts of identifiers', () => {
      expect(parse('x.in == 1 and android == 2 and notes is null and order_in == 3')).toBe(
        '(and (== x.in 1) (== android 2) (is-null notes) (== order_in 3))',
      );
    });
  });

  describe('boolean structure', () => {
    it.each([
      ['a == 1 or b == 2 and c == 3', '(or (== a 1) (and (== b 2) (== c 3)))'],
      ['a == 1 and b == 2 or c == 3', '(or (and (== a 1) (== b 2)) (== c 3))'],
      ['(a == 1 or b == 2) and c == 3', '(and (or (== a 1) (== b 2)) (== c 3))'],
      ['not a == 1 and b == 2', '(and (not (== a 1)) (== b 2))'],
      ['not (a == 1 and b == 2)', '(not (and (== a 1) (== b 2)))'],
      ['not not a == 1', '(not (not (== a 1)))'],
      ['a == 1 or not b == 2 and c == 3', '(or (== a 1) (and (not (== b 2)) (== c 3)))'],
      ['a == 1 or b == 2 or c == 3', '(or (== a 1) (== b 2) (== c 3))'],
      ['a == 1 and b == 2 and c == 3', '(and (== a 1) (== b 2) (== c 3))'],
      ['(a == 1 or b == 2) or c == 3', '(or (or (== a 1) (== b 2)) (== c 3))'],
      ['((a == 1))', '(== a 1)'],
      ['(a == 1)and(b == 2)', '(and (== a 1) (== b 2))'],
      [
        'a == 1 and (b == 2 or (c == 3 and not d is null))',
        '(and (== a 1) (or (== b 2) (and (== c 3) (not (is-null d)))))',
      ],
    ])('parses %s', (text, expected) => {
      expect(parse(text)).toBe(expected);
    });

    it('reads keywords in any case', () => {
      expect(parse('a == 1 AND NOT b IS NOT NULL Or c In [TRUE] aNd d iS nUlL')).toBe(
        '(or (and (== a 1) (not (is-not-null b))) (and (in c [true]) (is-null d)))',
      );
    });

    it('accepts tabs and newlines as spaces', () => {
      expect(parse("\ta == 1\n\tand\r\n b == 'x'\n")).toBe('(and (== a 1) (== b "x"))');
    });
  });

  describe('syntax errors', () => {
    it.each([
      ['', 0, 'the filter is empty at position 0'],
      ['   ', 3, 'the filter is empty at position 3'],
      ['registrationId ==', 17, "expected a value after '==' at position 17 (found the end of the filter)"],
      ['child.sex == and', 13, "expected a value after '==' at position 13 (found 'and')"],
      [
        'a == b',
        5,
        "expected a value after '==' at position 5 (found field path 'b'; a field can only be compared with a value, not another field)",
      ],
      ['a == (1)', 5, "expected a value after '==' at position 5 (found '(')"],
      ['a == 1 and', 10, 'expected a field path at position 10 (found the end of the filter)'],
      ['a == 1 and not', 14, 'expected a field path at position 14 (found the end of the filter)'],
      ['and == 1', 0, "expected a field path at position 0 (found 'and', a reserved word)"],
      ['true', 0, "expected a field path at position 0 (found 'true', a reserved word)"],
      ['null is null', 0, "expected a field path at position 0 (found 'null', a reserved word)"],
      ['1 == a', 0, 'expected a field path at position 0 (found number 1)'],
      ["'x' == a", 0, 'expected a field path at position 0 (found a string)'],
      ['()', 1, "expected a field path at position 1 (found ')')"],
      [
        'a',
        1,
        "expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in' or 'is') after 'a' at position 1 (found the end of the filter)",
      ],
      [
        'a 1',
        2,
        "expected an operator ('==', '!=', '<', '<=', '>', '>=', 'in' or 'is') after 'a' at position 2 (found number 1)",
      ],
      [
        'a == 1 b == 2',
        7,
        "expected 'and', 'or' or the end of the filter at position 7 (found field path 'b')",
      ],
      ["a == 1 'x'", 7, "expected 'and', 'or' or the end of the filter at position 7 (found a string)"],
      [
        '(a == 1',
        7,
        "expected ')' at position 7 (to close the '(' at position 0; found the end of the filter)",
      ],
      [
        '((a == 1) or b == 2',
        19,
        "expected ')' at position 19 (to close the '(' at position 0; found the end of the filter)",
      ],
      ['(a == 1 b', 8, "expected ')' at position 8 (to close the '(' at position 0; found field path 'b')"],
      ['a == 1)', 6, "unmatched ')' at position 6"],
      ['a in 1', 5, "expected '[' after 'in' at position 5 (found number 1)"],
      ['a in []', 6, "expected a value after 'in [' at position 6 (found ']')"],
      ['a in [1,]', 8, "expected a value after ',' at position 8 (found ']')"],
      ['a in [1 2]', 8, "expected ',' or ']' in the 'in' list at position 8 (found number 2)"],
      ['a in [1', 7, "expected ',' or ']' in the 'in' list at position 7 (found the end of the filter)"],
      ['a is 1', 5, "expected 'null' or 'not null' after 'is' at position 5 (found number 1)"],
      ['a is', 4, "expected 'null' or 'not null' after 'is' at position 4 (found the end of the filter)"],
      ['a is not', 8, "expected 'null' after 'is not' at position 8 (found the end of the filter)"],
      ['a is not true', 9, "expected 'null' after 'is not' at position 9 (found 'true')"],
      ['a = 1', 2, "unexpected '=' (use '==' to compare) at position 2"],
      ['a === 1', 4, "unexpected '=' (use '==' to compare) at position 4"],
      ['a == 1 && b == 2', 7, "unexpected '&&' (use 'and') at position 7"],
      ['a == 1 || b == 2', 7, "unexpected '||' (use 'or') at position 7"],
      ['!a', 0, "unexpected '!' (use 'not' or '!=') at position 0"],
      ['a <> 1', 3, "expected a value after '<' at position 3 (found '>')"],
      ["a == 'abc", 5, 'unterminated string at position 5'],
      ['a == "abc\\"', 5, 'unterminated string at position 5'],
      ["a == 'abc\\", 5, 'unterminated string at position 5'],
      ["a == 'a\\qb'", 7, "unknown escape '\\q' in string at position 7"],
      ["a == 'a\\\u0001'", 7, "unknown escape '\\' followed by U+0001 in string at position 7"],
      ["a == '\\u12'", 6, 'invalid \\u escape (need 4 hex digits) at position 6'],
      ['a == 1.', 7, 'expected digits after the decimal point at position 7 (found the end of the filter)'],
      ['a == 1.x', 7, "expected digits after the decimal point at position 7 (found 'x')"],
      ['a == .5', 5, "unexpected character '.' at position 5"],
      ['a == 1e5', 5, "invalid number '1e5' (only integers and decimals such as -12 or 3.5) at position 5"],
      [
        'a == 1.2.3',
        5,
        "invalid number '1.2.3' (only integers and decimals such as -12 or 3.5) at position 5",
      ],
      ['a == 0x10', 5, "invalid number '0x10' (only integers and decimals such as -12 or 3.5) at position 5"],
      [
        'a == 1and b == 2',
        5,
        "invalid number '1and' (only integers and decimals such as -12 or 3.5) at position 5",
      ],
      [
        'a == 9007199254740992',
        5,
        'number 9007199254740992 is out of range (integers must lie within ±9007199254740991) at position 5',
      ],
      ['a == -', 5, "unexpected character '-' at position 5"],
      ['a == +1', 5, "unexpected character '+' at position 5"],
      ['a. == 1', 2, "expected a field name after '.' at position 2 (found U+0020)"],
      ['a.1 == 1', 2, "expected a field name after '.' at position 2 (found '1')"],
      ['a..b == 1', 2, "expected a field name after '.' at position 2 (found '.')"],
      ['.a == 1', 0, "unexpected character '.' at position 0"],
      ['a == 1 # comment', 7, "unexpected character '#' at position 7"],
      ['a == 1; drop table x', 6, "unexpected character ';' at position 6"],
      ['nomé == 1', 3, "unexpected character 'é' (U+00E9) at position 3"],
      ['a\u00a0== 1', 1, 'unexpected character U+00A0 at position 1'],
      ['a == 1 😀', 7, "unexpected character '😀' (U+1F600) at position 7"],
      ['a\u0000 == 1', 1, 'unexpected character U+0000 at position 1'],
      ['a\u200b== 1', 1, 'unexpected character U+200B at position 1'],
      ['a == `x`', 5, "unexpected character '`' at position 5"],
      ['a == 1 and x{1}', 12, "unexpected character '{' at position 12"],
    ])('%j fails at %i', (text, position, message) => {
      const error = syntaxError(text);
      expect(error).toBeInstanceOf(FilterSyntaxError);
      expect(error.name).toBe('FilterSyntaxError');
      expect(error.position).toBe(position);
      expect(error.message).toBe(message);
    });

    it('reports the first error in the text, lexical or grammatical', () => {
      expect(syntaxError('a b == 1 #').position).toBe(2);
      expect(syntaxError("a == 1 # and 'unterminated").position).toBe(7);
    });

    it('refuses a value that is not a string', () => {
      expect(() => parseFilter(42 as unknown as string)).toThrow('the filter must be a string at position 0');
    });
  });

  describe('limits', () => {
    it('accepts a filter of exactly the maximum length and refuses a longer one', () => {
      const longest = `a == '${'x'.repeat(FILTER_LIMITS.maxLength - 7)}'`;
      expect(longest).toHaveLength(4096);
      expect(parseFilter(longest)).toMatchObject({ kind: 'compare' });
      const error = syntaxError(`${longest} `);
      expect(error.position).toBe(4096);
      expect(error.message).toBe(
        'the filter is 4097 characters long, more than the 4096 allowed at position 4096',
      );
      expect(syntaxError('a'.repeat(1_000_000)).position).toBe(4096);
    });

    it('accepts 32 levels of parentheses and refuses 33', () => {
      const nested = (depth: number): string => `${'('.repeat(depth)}a == 1${')'.repeat(depth)}`;
      expect(parse(nested(32))).toBe('(== a 1)');
      const error = syntaxError(nested(33));
      expect(error.position).toBe(32);
      expect(error.message).toBe('nesting is deeper than 32 levels at position 32');
    });

    it('counts not as nesting too', () => {
      expect(parse(`${'not '.repeat(32)}a == 1`)).toMatch(/^(\(not ){32}\(== a 1\)\){32}$/);
      expect(syntaxError(`${'not '.repeat(33)}a == 1`).position).toBe(128);
      expect(parseFilter(`${'not ('.repeat(16)}a == 1${')'.repeat(16)}`)).toMatchObject({ kind: 'not' });
      expect(syntaxError(`${'not ('.repeat(16)}not a == 1${')'.repeat(16)}`).message).toBe(
        'nesting is deeper than 32 levels at position 80',
      );
    });

    it('does not count siblings as nesting', () => {
      const wide = Array.from({ length: 200 }, (_, index) => `(a == ${index})`).join(' or ');
      const ast = parseFilter(wide);
      expect(ast.kind === 'or' && ast.operands).toHaveLength(200);
    });

    it('fails fast on deep nesting without exhausting the stack', () => {
      expect(syntaxError('('.repeat(4000)).position).toBe(32);
      expect(syntaxError('not '.repeat(1000)).position).toBe(128);
    });

    it('accepts an in-list of 1000 values and refuses 1001', () => {
      const list = (count: number): string =>
        `a in [${Array.from({ length: count }, (_, index) => index).join(',')}]`;
      const ast = parseFilter(list(1000));
      expect(ast.kind === 'in' && ast.values).toHaveLength(1000);
      const text = list(1001);
      const error = syntaxError(text);
      expect(error.position).toBe(text.lastIndexOf('1000'));
      expect(error.message).toBe(`an 'in' list may hold at most 1000 values at position ${error.position}`);
    });
  });

  describe('hostile input', () => {
    it('parses prototype-like paths as ordinary paths (the checker refuses them)', () => {
      expect(parse('constructor.prototype == 1')).toBe('(== constructor.prototype 1)');
      expect(parse("__proto__.polluted == 'yes'")).toBe('(== __proto__.polluted "yes")');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('treats code-like text inside strings as plain text', () => {
      expect(parse("a == '${process.exit(1)}' or b == '\\'); drop table x; --'")).toBe(
        '(or (== a "${process.exit(1)}") (== b "\'); drop table x; --"))',
      );
      expect(parse('a == "x\\" or \\"1\\"==\\"1"')).toBe('(== a "x\\" or \\"1\\"==\\"1")');
    });

    it('refuses injection that tries to append an always-true clause outside a string', () => {
      expect(syntaxError("a == 'x' or 1 == 1").message).toBe(
        'expected a field path at position 12 (found number 1)',
      );
      expect(syntaxError("a == 'x'' or 'a'=='a").message).toBe(
        "expected 'and', 'or' or the end of the filter at position 8 (found a string)",
      );
    });

    it('copes with long identifiers and long runs of operators', () => {
      const long = `${'a'.repeat(4000)} == 1`;
      expect(parseFilter(long)).toMatchObject({ kind: 'compare', path: { text: 'a'.repeat(4000) } });
      expect(syntaxError('=='.repeat(2000)).message).toBe("expected a field path at position 0 (found '==')");
      expect(syntaxError(`a ${'=='.repeat(2000)}`).position).toBe(4);
    });

    it('handles strings full of unicode and escapes', () => {
      const text = `a == '${'é😀\\n'.repeat(500)}'`;
      const ast = parseFilter(text);
      expect(ast.kind === 'compare' && ast.value.value).toBe('é😀\n'.repeat(500));
    });
  });
});
