import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * The custom scalars every subgraph declares (`scalar DateTime`, `scalar LocalDate` in its
 * schema.graphql) and resolves with these: an instant serialized as RFC 3339 in UTC (a `Date` in
 * code), and a civil date in Asia/Shanghai, `YYYY-MM-DD` (a string in code; see clock.ts). Bad
 * input is refused before any resolver runs, naming the argument.
 */
export const scalarResolvers = {
  DateTime: DateTimeResolver,
  LocalDate: LocalDateResolver,
};
