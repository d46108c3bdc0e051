/*
 * The small field resolvers every subgraph repeats: a document's id, and a reference to an entity
 * another subgraph owns (`{ id }`, which the gateway resolves there).
 */

/** A reference to an entity by its id: all a subgraph holds of an entity another one owns. */
export interface EntityRef {
  id: string;
}

/** The GraphQL id of a stored document. */
export const documentId = (doc: { _id: unknown }): string => String(doc._id);

/** A reference to an entity of another subgraph by its id. */
export const entityRef = (id: unknown): EntityRef => ({ id: String(id) });

/** A reference to an entity of another subgraph, or null when there is none. */
export const maybeEntityRef = (id: unknown): EntityRef | null => (id ? { id: String(id) } : null);
