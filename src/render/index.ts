export { renderCronFile, type RenderContext, type RenderedCronFile } from './render-cron-file.js';
export { cronCommand, manifestPathFor, runuserPath, type CommandContext, type SwitchmanPaths } from './cron-command.js';
export { renderJobsManifest, jobsManifestOf } from './jobs-manifest.js';
export { renderEnvLine, type EnvLineResult } from './env-line.js';
export { renderEnv } from './render-env.js';
export { checkCronFile, maxCommandBytes, maxJobsPerCronFile } from './check-cron-file.js';
export { checkBuildable, type BuildablePlan } from './check-buildable.js';
export { escapeForCron } from './cron-escape.js';
export { shellQuote } from './shell-quote.js';
