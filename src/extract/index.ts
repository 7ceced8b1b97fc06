import type { MetadataSection } from '../model/types.js';
import type { Language } from './language.js';
import { extractBlockCommentSections } from './block-comments.js';
import { extractLineCommentSections } from './line-comments.js';
import { extractPodSections } from './pod.js';
import { detectLanguage } from './language.js';
import { splitSourceLines, splitSourceLinesFrom } from './source-lines.js';
export { detectLanguage, type Language } from './language.js';
export { splitSourceLines } from './source-lines.js';

/** A script's language (undefined: not a script) and its lines, as extractSections reads them. */
export interface ScriptLines {
  language: Language | undefined;
  lines: string[];
}

/**
 * The language and lines of a file's text. Line and POD comment sections start
 * at a line holding "METADATA", so the lines of code before it are left empty
 * (splitSourceLinesFrom). Block comments are found by a scan from line 1 (a
 * string or comment opened earlier decides what follows), so a file whose
 * language has them is split whole when it holds a "/*".
 */
export function scriptLines(path: string, text: string): ScriptLines {
  const lines = splitSourceLinesFrom(text, 'METADATA');
  const language = detectLanguage(path, lines[0] ?? '');
  const readsBlocks = language === 'javascript' || language === 'typescript' || language === 'php';
  return { language, lines: readsBlocks && text.includes('/*') ? splitSourceLines(text) : lines };
}

/** Every METADATA section of a file, in file order, by the comment styles its language has. */
export function extractSections(lines: readonly string[], language: Language): MetadataSection[] {
  const sections: MetadataSection[] = [];
  switch (language) {
    case 'perl':
      sections.push(...extractPodSections(lines), ...extractLineCommentSections(lines, 'hash'));
      break;
    case 'shell':
    case 'python':
    case 'ruby':
      sections.push(...extractLineCommentSections(lines, 'hash'));
      break;
    case 'javascript':
    case 'typescript':
      sections.push(...extractLineCommentSections(lines, 'slash'), ...extractBlockCommentSections(lines));
      break;
    case 'php':
      sections.push(
        ...extractLineCommentSections(lines, 'hash'),
        ...extractLineCommentSections(lines, 'slash'),
        ...extractBlockCommentSections(lines),
      );
      break;
  }
  return sections.sort((a, b) => a.heading.line - b.heading.line);
}
