/** cronpack's exit codes, as ESLint's: 0 clean, 1 problems found, 2 usage or internal error. */
export const exitCodes = {
  ok: 0,
  problems: 1,
  usageOrInternal: 2,
} as const;
