import { readFileSync } from 'node:fs';

/** cronpack's own version, from the package.json shipped beside dist/ (and src/, under tsx). */
export const cronpackVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
