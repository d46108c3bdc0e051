import { stableObjectId } from '@jwh/platform';
import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const EXAMPLE = `# 服务型居委会 — the federated graph: one resident, with a field from each of the four subgraphs.
query ResidentAcrossTheGraph {
  resident(id: "${stableObjectId('demo:resident:0')}") {
    name
    age
    elderTier
    household { address grid { name } }
    serviceRequests { type { name } status }
    volunteer { skills pointsBalance }
    surveyResponses { period satisfaction }
  }
}
`;

/**
 * GraphiQL served from npm packages (no CDN: intranets cannot reach one). Mounted in development
 * only, at GET /graphql for browsers.
 */
export function graphiqlRouter(): Router {
  const router = express.Router();
  router.use('/graphiql-assets/graphiql', express.static(pkgDir('graphiql'), { index: false }));
  router.use('/graphiql-assets/react', express.static(join(pkgDir('react'), 'umd'), { index: false }));
  router.use('/graphiql-assets/react-dom', express.static(join(pkgDir('react-dom'), 'umd'), { index: false }));
  router.get('/graphql', (req, res, next) => {
    if (!req.accepts('text/html') || req.query.query !== undefined) return next();
    res.type('html').send(`<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>服务型居委会 GraphQL</title>
  <link rel="stylesheet" href="/graphiql-assets/graphiql/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">加载中…</div>
  <script src="/graphiql-assets/react/react.production.min.js"></script>
  <script src="/graphiql-assets/react-dom/react-dom.production.min.js"></script>
  <script src="/graphiql-assets/graphiql/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE)}, shouldPersistHeaders: true })
    );
  </script>
</body>
</html>`);
  });
  return router;
}
