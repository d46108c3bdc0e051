// What `npm start` prints once the graph is up.
export const EXAMPLE_QUERY = `{ residents(first: 2) { totalCount nodes { name elderTier household { address } serviceRequests { type { name } status } volunteer { skills pointsBalance } surveyResponses { period satisfaction } } } }`;

export async function demoBanner(stack, { seconds, logDir }) {
  const curl = `curl -s ${stack.gatewayUrl} -H 'content-type: application/json' -d '${JSON.stringify({ query: EXAMPLE_QUERY })}'`;
  return [
    '',
    `服务型居委会 graph is up in ${seconds} s`,
    `  Gateway (GraphiQL in a browser): ${stack.gatewayUrl}`,
    `  Health: http://localhost:${stack.gatewayPort}/health   Metrics: http://localhost:${stack.gatewayPort}/metrics`,
    `  Logs: ${logDir}`,
    '',
    'Try it:',
    `  ${curl}`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
