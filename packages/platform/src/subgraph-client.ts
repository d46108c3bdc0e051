import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { IDENTITY_HEADER } from './auth.js';
import { REQUEST_ID_HEADER } from './context.js';

/**
 * Queries another subgraph with an identity signed for it and this request: this service's own,
 * narrowed to its caller's scope (`ctx.identity(<subgraph>)`), so that subgraph still applies the
 * caller's scope, and answers only the fields its policy grants this service (services meet in the
 * graph; nothing is copied between databases). Background jobs pass a longer `timeoutMs` (default 2 s).
 * `query` is best a document generated from src/operations/*.graphql (checked against the
 * supergraph at build, typed in its data and variables).
 */
export async function querySubgraph<T, V extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  query: string | TypedDocumentNode<T, V>,
  variables: V,
  identity: string | Promise<string>,
  requestId: string,
  timeoutMs = 2_000,
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await identity, [REQUEST_ID_HEADER]: requestId },
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`subgraph answered ${res.status}`);
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`subgraph: ${body.errors[0]!.message}`);
  return body.data as T;
}
