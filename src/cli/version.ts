// cronpack's version lives in the leaf module src/core/version.ts; the CLI re-exports it.
export { cronpackVersion } from '../core/version.js';
