import { installShutdown } from '@jwh/platform';
import { startEvaluations } from './app.js';
import { loadEnvironment } from './environment.js';

const subgraph = await startEvaluations(loadEnvironment());
installShutdown(subgraph.logger, [{ name: 'http server and database', run: subgraph.stop }]);
