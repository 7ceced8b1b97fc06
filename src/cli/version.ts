// cronpack's version lives in the leaf module src/version.ts; the CLI re-exports it.
export { cronpackVersion } from '../version.js';
