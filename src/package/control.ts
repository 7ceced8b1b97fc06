/**
 * deb-control(5) text: DEBIAN/control of a binary package, and the paragraphs
 * of a debian/control source file. Pure.
 */

/** Lines of a control file, and of the long Description, are kept within this many characters (lintian's limit). */
export const maxLineWidth = 80;

/** One extended-description paragraph: wrapped prose, or lines shown verbatim (as a list). */
export type DescriptionParagraph = { text: string } | { verbatim: string[] };

export interface PackageDescription {
  /** One line, no full stop at the end, under 80 characters. */
  synopsis: string;
  paragraphs: DescriptionParagraph[];
}

/** An ordered list of control fields; undefined values are left out. */
export type ControlFields = ReadonlyArray<readonly [name: string, value: string | undefined]>;

/** Splits text into lines of at most `width` characters at blanks (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The Description field's value: the synopsis, then each paragraph as
 * continuation lines (" text", paragraphs separated by " .", verbatim lines
 * with two leading blanks), every line within maxLineWidth.
 */
export function formatDescription(description: PackageDescription): string {
  const blocks = description.paragraphs
    .map((paragraph) =>
      'text' in paragraph
        ? wrapWords(paragraph.text, maxLineWidth - 1).map((line) => ` ${line}`)
        : paragraph.verbatim.map((line) => `  ${line}`.trimEnd()).filter((line) => line.trim() !== ''),
    )
    .filter((lines) => lines.length > 0);
  return [description.synopsis.trim(), ...blocks.flatMap((lines, i) => (i === 0 ? lines : [' .', ...lines]))].join('\n');
}

/** A field value on one line: no newlines, blanks squeezed. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** One control paragraph: "Name: value" lines; multi-line values must already carry their continuation blanks. */
export function renderControlParagraph(fields: ControlFields): string {
  return fields
    .filter((field): field is readonly [string, string] => field[1] !== undefined)
    .map(([name, value]) => `${name}: ${value}\n`)
    .join('');
}
