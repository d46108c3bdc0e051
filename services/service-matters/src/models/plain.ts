import type { InferSchemaType, Types } from 'mongoose';

// Nested too: an agenda item's parts are an array inside an array of subdocuments.
type PlainPath<T> = T extends Types.DocumentArray<infer Item> ? { [K in keyof Item]: PlainPath<Item[K]> }[] : T;

/**
 * A stored document as services return it and resolvers receive it (the GraphQL mappers): its
 * schema's paths, with arrays of subdocuments (at any depth) as plain arrays, so that a `lean()` read and a
 * created document's `toObject()` are both one.
 */
export type Plain<S> = { [K in keyof InferSchemaType<S>]: PlainPath<InferSchemaType<S>[K]> } & { _id: Types.ObjectId };
