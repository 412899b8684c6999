export { RoutingSchemaError } from './schema/avro-schema-tree';
export {
  classifiedLeafPaths,
  expandProjection,
  implicitLeafPaths,
  ProjectionError,
  validateProjection,
  type ProjectionIssue,
} from './projection/projection-paths';
export { projectSchema, type ProjectSchemaOptions } from './projection/project-schema';
export {
  compileProjection,
  ProjectionValueError,
  projectValue,
  type Projector,
} from './projection/compile-projection';
export {
  FILTER_LIMITS,
  FilterSyntaxError,
  FilterTypeError,
  type CompareOp,
  type FilterAst,
  type FilterLiteral,
  type FilterPath,
  type FilterTypeIssue,
} from './filter/filter-ast';
export { parseFilter } from './filter/filter-parser';
export { checkFilter } from './filter/filter-checker';
export { compileFilter, type RecordPredicate } from './filter/filter-compiler';
export { formatFilter } from './filter/filter-format';
export { subscriptionSchema, subscriptionSubject } from './projection/subscription-schema';
