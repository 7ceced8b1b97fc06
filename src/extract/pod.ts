import type { MetadataSection } from '../model/types.js';

const heading = /^=head1\s+METADATA\s*$/;
const sectionEnd = /^=(?:head1|cut)\b/;

/** Perl POD: `=head1 METADATA` up to the next `=head1` or `=cut`, anywhere (also after __END__). */
export function extractPodSections(lines: readonly string[]): MetadataSection[] {
  const sections: MetadataSection[] = [];
  for (let i = 0; i < lines.length; i++) {
    const headingLine = lines[i]!;
    // A heading starts with "=": most lines fail that before any regex runs.
    if (headingLine.charCodeAt(0) !== 0x3d || !heading.test(headingLine)) continue;
    const section: MetadataSection = {
      style: 'pod',
      heading: { line: i + 1, column: 1, endLine: i + 1, endColumn: headingLine.length + 1 },
      lines: [],
    };
    let j = i + 1;
    for (; j < lines.length && !sectionEnd.test(lines[j]!); j++) {
      section.lines.push({ text: lines[j]!, line: j + 1, column: 1 });
    }
    sections.push(section);
    i = j - 1;
  }
  return sections;
}
