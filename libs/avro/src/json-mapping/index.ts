export * from './avro-json-mapper';
export { BIGINT_LONG_TYPE, LONG_MAX, LONG_MIN } from './bigint-long-type';
export * from './json-mapping-issue';
