import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, Matches } from 'class-validator';

/** Agency ids are slugs such as `dukcapil` (the same rule as the agencies table's check constraint). */
export const AGENCY_ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;

/** Data topics are `<domain>.<dataset>.v<major>` (the same rule as the topics table's check constraint). */
export const TOPIC_NAME_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9_-]*\.v[1-9][0-9]*$/;

/** Trims surrounding white space of a string body field, so that "   " counts as empty. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

const WITH_TIME_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with an explicit time zone (`2027-01-31T00:00:00Z`, `...+07:00`). */
export function IsTimestamp(): PropertyDecorator {
  return applyDecorators(
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be an ISO 8601 date-time' },
    ),
    Matches(WITH_TIME_ZONE, { message: '$property must name its time zone (Z or +07:00)' }),
  );
}
