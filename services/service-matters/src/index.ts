import { installShutdown } from '@jwh/platform';
import { startServiceMatters } from './app.js';
import { loadEnvironment } from './environment.js';

const subgraph = await startServiceMatters(loadEnvironment());
installShutdown(subgraph.logger, [{ name: 'http server and database', run: subgraph.stop }]);
