import type { FilterAst, FilterLiteral } from './filter-ast';

/** Binding strength; a child binding more loosely than its parent needs parentheses. */
const PRECEDENCE: Record<FilterAst['kind'], number> = { or: 1, and: 2, not: 3, compare: 4, in: 4, isNull: 4 };

function formatString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '\\' || char === "'") out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    // Other control characters are escaped so that a stored filter never carries invisible text.
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}'`;
}

export function formatLiteral(literal: FilterLiteral): string {
  switch (literal.kind) {
    case 'string':
      return formatString(literal.value);
    case 'number':
      return String(literal.value);
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
  }
}

function formatChild(child: FilterAst, parent: number): string {
  const text = formatFilter(child);
  return PRECEDENCE[child.kind] < parent ? `(${text})` : text;
}

/**
 * Canonical text of a filter: lower-case keywords, single-quoted strings, single spaces and only the
 * parentheses precedence needs. `parseFilter(formatFilter(ast))` gives back the same tree (positions
 * aside), so the canonical form is what to store and show to reviewers.
 */
export function formatFilter(ast: FilterAst): string {
  switch (ast.kind) {
    case 'or':
      // An `or` inside an `or` only comes from explicit parentheses; keep them to preserve the tree.
      return ast.operands.map((operand) => formatChild(operand, operand.kind === 'or' ? 5 : 1)).join(' or ');
    case 'and':
      return ast.operands
        .map((operand) => formatChild(operand, operand.kind === 'and' ? 5 : 2))
        .join(' and ');
    case 'not':
      return `not ${formatChild(ast.operand, 3)}`;
    case 'compare':
      return `${ast.path.text} ${ast.op} ${formatLiteral(ast.value)}`;
    case 'in':
      return `${ast.path.text} in [${ast.values.map(formatLiteral).join(', ')}]`;
    case 'isNull':
      return `${ast.path.text} is ${ast.negated ? 'not ' : ''}null`;
  }
}
