export { runUninstall as run } from './install.js';
