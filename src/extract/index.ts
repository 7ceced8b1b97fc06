import type { MetadataSection } from '../model/types.js';
import type { Language } from './language.js';
import { extractBlockCommentSections } from './block-comments.js';
import { extractLineCommentSections } from './line-comments.js';
import { extractPodSections } from './pod.js';

export { detectLanguage, type Language } from './language.js';
export { splitSourceLines } from './source-lines.js';

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
