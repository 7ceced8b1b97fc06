/**
 * The "file" of a diagnostic about a command-line option (or the same value
 * given to the library): formatters print it where a path would be.
 */
export function optionSite(option: string): string {
  return `(command line: ${option})`;
}
