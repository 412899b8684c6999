import { sexpr } from '../testing/filter-sexpr.fixture';
import { formatFilter } from './filter-format';
import { parseFilter } from './filter-parser';

const canonical = (text: string): string => formatFilter(parseFilter(text));

describe('formatFilter', () => {
  it.each([
    ["child.sex=='PEREMPUAN'", "child.sex == 'PEREMPUAN'"],
    ['A == 1 AND (b == 2 OR c == 3)', 'A == 1 and (b == 2 or c == 3)'],
    ['a == 1 or (b == 2 and c == 3)', 'a == 1 or b == 2 and c == 3'],
    ['(a == 1 or b == 2) or c == 3', '(a == 1 or b == 2) or c == 3'],
    ['a == 1 and (b == 2 and c == 3)', 'a == 1 and (b == 2 and c == 3)'],
    ['NOT (a == 1 AND b == 2)', 'not (a == 1 and b == 2)'],
    ['not (not a == 1)', 'not not a == 1'],
    ['not (a is null)', 'not a is null'],
    ['((((a  IS   NOT  NULL))))', 'a is not null'],
    ['a In [ 1 ,2,  -3.50 ]', 'a in [1, 2, -3.5]'],
    ['a == 007', 'a == 7'],
    ['a == TRUE or b == False', 'a == true or b == false'],
    ['a == "it\'s"', "a == 'it\\'s'"],
    ['a == "back\\\\slash"', "a == 'back\\\\slash'"],
    ['a == "x\\ty\\nz\\r"', "a == 'x\\ty\\nz\\r'"],
    ['a == "\\u0001\\u007f"', "a == '\\u0001\\u007f'"],
    ['a == "é😀"', "a == 'é😀'"],
  ])('writes %s as %s', (text, expected) => {
    expect(canonical(text)).toBe(expected);
  });

  it.each([
    "child.sex == 'PEREMPUAN' and (child.birthDate >= '2024-01-01' or fatherNik is not null)",
    'a == 1 or b == 2 and not c == 3 or d in [1, 2, 3]',
    '(a == 1 or b == 2) and (c == 3 or not (d == 4 and e == 5))',
    '((a == 1 or b == 2) or c == 3) and ((d == 1 and e == 2) and f == 3)',
    "a == '\\'\"\\\\\\n' and b in ['x', \"y\", '']",
    'not not not (a < -1.25 or b >= 0)',
    'x.in == 1 and y is null',
  ])('round-trips %s to the same tree', (text) => {
    const tree = sexpr(parseFilter(text));
    const formatted = canonical(text);
    expect(sexpr(parseFilter(formatted))).toBe(tree);
    // Canonical text is a fixed point.
    expect(canonical(formatted)).toBe(formatted);
  });
});
