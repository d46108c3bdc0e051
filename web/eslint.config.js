export { default } from '@jwh/platform/eslint-config';
