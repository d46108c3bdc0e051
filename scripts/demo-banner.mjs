// What `npm start` prints once the graph is up.
import { createHash } from 'node:crypto';

/** The id of demo resident 0 (as shared's stableObjectId computes it): a resident with data in all four subgraphs. */
export const DEMO_RESIDENT_ID = createHash('sha256').update('demo:resident:0').digest('hex').slice(0, 24);
export const EXAMPLE_QUERY = `{ resident(id: "${DEMO_RESIDENT_ID}") { name age elderTier household { address grid { name } } serviceRequests { type { name } status } volunteer { skills pointsBalance } surveyResponses { period satisfaction } } }`;

export function demoBanner(stack, { seconds, logDir, tokens }) {
  const curl = `curl -s ${stack.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`;
  return [
    '',
    `服务型居委会 graph is up in ${seconds} s`,
    `  Web app (sign in as a demo user of any role): http://localhost:${stack.gatewayPort}/app/`,
    `  Public board, no sign-in: http://localhost:${stack.gatewayPort}/app/board`,
    `  Gateway (GraphiQL in a browser): ${stack.gatewayUrl}`,
    `  Health: http://localhost:${stack.gatewayPort}/health   Metrics: http://localhost:${stack.gatewayPort}/metrics`,
    `  Logs: ${logDir}`,
    '',
    'Demo tokens, one per role (valid 12 h; more with `npm run token -- <ROLE>`):',
    ...Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(16)} ${token}`),
    '',
    'Try it (as the street admin; in GraphiQL put {"authorization": "Bearer <token>"} in Headers):',
    `  TOKEN=${tokens.STREET_ADMIN}`,
    `  ${curl}`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
