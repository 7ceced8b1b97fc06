/** cronpack's exit codes, as ESLint's: 0 clean, 1 problems found, 2 usage or internal error. */
export const exitCodes = {
  ok: 0,
  problems: 1,
  usageOrInternal: 2,
} as const;

/** Every exit code above, documented once: the man page's EXIT STATUS (scripts/man-pages.mjs) shows this table. */
export const exitStatusDocs: readonly { code: number; meaning: string }[] = [
  { code: exitCodes.ok, meaning: 'No errors (warnings do not count, unless --max-warnings is exceeded).' },
  {
    code: exitCodes.problems,
    meaning: 'Problems found: errors, or more warnings than --max-warnings; for explain, an invalid schedule; build and package then write nothing.',
  },
  {
    code: exitCodes.usageOrInternal,
    meaning: 'Usage error (an unknown option or command, a bad option value, -C not a readable folder, init over an existing config without --force) or internal error.',
  },
];
