import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { createGlobalDiagnostic } from '../diagnostics/report.js';
import { findUnsafeCharacter } from '../text/unsafe-character.js';

/** A header names where the jobs came from in a few words; a longer text is a mistake. */
export const maxSourceLabelLength = 200;

/**
 * The --source text goes into a comment line of every cron.d file and into the
 * changelog: one line of printable text, or a diagnostic naming the option.
 */
export function checkSourceLabel(source: string): Diagnostic[] {
  const unsafe = findUnsafeCharacter(source);
  const problem = unsafe
    ? { text: `contains ${unsafe.description} at character ${unsafe.index + 1}`, column: unsafe.index + 1 }
    : source.length > maxSourceLabelLength
      ? { text: `is ${source.length} characters long, more than ${maxSourceLabelLength}`, column: maxSourceLabelLength + 1 }
      : undefined;
  if (!problem) return [];
  return [
    createGlobalDiagnostic({ messageId: 'optionValueUnsafe', data: { option: '--source', problem: problem.text } }, '--source'),
  ];
}
