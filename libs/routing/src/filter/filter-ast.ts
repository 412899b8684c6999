/** Syntax tree of a filter expression, as produced by `parseFilter`. Positions are 0-based offsets. */

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface FilterPath {
  /** `child.birthPlace.regencyCode` as written. */
  text: string;
  segments: string[];
  /** Offset of each segment, so that a type error can point at the very field that is unknown. */
  positions: number[];
  position: number;
}

export type FilterLiteral =
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'boolean'; value: boolean; position: number }
  | { kind: 'null'; value: null; position: number };

export type FilterAst =
  | { kind: 'or'; operands: FilterAst[]; position: number }
  | { kind: 'and'; operands: FilterAst[]; position: number }
  | { kind: 'not'; operand: FilterAst; position: number }
  | {
      kind: 'compare';
      path: FilterPath;
      op: CompareOp;
      opPosition: number;
      value: FilterLiteral;
      position: number;
    }
  | { kind: 'in'; path: FilterPath; opPosition: number; values: FilterLiteral[]; position: number }
  | { kind: 'isNull'; path: FilterPath; negated: boolean; opPosition: number; position: number };

export const FILTER_LIMITS = {
  /** Longest filter text, in UTF-16 code units (JavaScript string length). */
  maxLength: 4096,
  /** Deepest nesting of `(` and `not`; bounds the parser's recursion. */
  maxDepth: 32,
  /** Most values in one `in [...]` list. */
  maxInList: 1000,
} as const;

/** The text has a syntax error at `position` (0-based offset into the text). */
export class FilterSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly detail?: string,
  ) {
    super(`${reason} at position ${position}${detail === undefined ? '' : ` (${detail})`}`);
    this.name = 'FilterSyntaxError';
  }
}

export interface FilterTypeIssue {
  /** Offset of the offending path segment, operator or value in the filter text. */
  position: number;
  message: string;
}

/** A filter that does not fit the schema; `issues` holds every problem found. */
export class FilterTypeError extends Error {
  constructor(readonly issues: FilterTypeIssue[]) {
    super(
      `invalid filter: ${issues.map((issue) => `${issue.message} at position ${issue.position}`).join('; ')}`,
    );
    this.name = 'FilterTypeError';
  }
}
