import { installShutdown } from '@jwh/shared';
import { startServiceMatters } from './app.js';
import { loadEnvironment } from './environment.js';

const subgraph = await startServiceMatters(loadEnvironment());
installShutdown(subgraph.logger, [{ name: 'http server and database', run: subgraph.stop }]);
