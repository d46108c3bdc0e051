export { default } from '@jwh/shared/eslint-config';
