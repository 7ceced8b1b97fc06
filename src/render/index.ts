export { renderCronFile, cronCommand, type RenderContext, type RenderedCronFile } from './render-cron-file.js';
export { renderEnvLine, type EnvLineResult } from './env-line.js';
export { checkCronFile, maxCommandBytes } from './check-cron-file.js';
export { escapeForCron } from './cron-escape.js';
export { shellQuote } from './shell-quote.js';
