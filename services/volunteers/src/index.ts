import { installShutdown } from '@jwh/platform';
import { startVolunteers } from './app.js';
import { loadEnvironment } from './environment.js';

const subgraph = await startVolunteers(loadEnvironment());
installShutdown(subgraph.logger, [{ name: 'http server and database', run: subgraph.stop }]);
