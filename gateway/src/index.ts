import { installShutdown } from '@jwh/shared';
import { startGateway } from './app.js';
import { loadEnvironment } from './environment.js';

const gateway = await startGateway(loadEnvironment());
installShutdown(gateway.logger, [{ name: 'http server (in-flight requests finish)', run: gateway.stop }]);
