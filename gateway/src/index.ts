import { installShutdown } from '@jwh/platform';
import { startGateway } from './app.js';
import { loadEnvironment } from './environment.js';

const gateway = await startGateway(loadEnvironment());
installShutdown(gateway.logger, [{ name: 'http server (in-flight requests finish)', run: gateway.stop }]);
