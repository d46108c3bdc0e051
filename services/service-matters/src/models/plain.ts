import type { InferSchemaType, Types } from 'mongoose';

type PlainPath<T> = T extends Types.DocumentArray<infer Item> ? Item[] : T;

/**
 * A stored document as services return it and resolvers receive it (the GraphQL mappers): its
 * schema's paths, with arrays of subdocuments as plain arrays, so that a `lean()` read and a
 * created document's `toObject()` are both one.
 */
export type Plain<S> = { [K in keyof InferSchemaType<S>]: PlainPath<InferSchemaType<S>[K]> } & { _id: Types.ObjectId };
