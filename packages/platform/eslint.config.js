export { default } from './eslint.config.base.js';
