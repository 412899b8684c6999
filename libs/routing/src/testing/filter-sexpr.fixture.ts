import type { FilterAst, FilterLiteral } from '../filter/filter-ast';

/** A position-free S-expression of a filter tree, so specs can state its shape in one line. */
export function sexpr(ast: FilterAst): string {
  const literal = (value: FilterLiteral): string => JSON.stringify(value.value);
  switch (ast.kind) {
    case 'or':
    case 'and':
      return `(${ast.kind} ${ast.operands.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(ast.operand)})`;
    case 'compare':
      return `(${ast.op} ${ast.path.text} ${literal(ast.value)})`;
    case 'in':
      return `(in ${ast.path.text} [${ast.values.map(literal).join(' ')}])`;
    case 'isNull':
      return `(${ast.negated ? 'is-not-null' : 'is-null'} ${ast.path.text})`;
  }
}
