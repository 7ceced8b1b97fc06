import type { Span } from '../diagnostics/diagnostic.js';
import type { DiagnosticSink } from '../diagnostics/report.js';
import { knownKeys, type BlockField, type CronBlock, type KnownKey, type MetadataSection, type SectionLine } from '../model/types.js';
import { didYouMean } from './did-you-mean.js';

const openTag = /^<\s*crontab\s*>$/i;
const closeTag = /^<\s*\/\s*crontab\s*>$/i;
const keyValue = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$/;
const requiredKeys: readonly KnownKey[] = ['package', 'time'];
const examples: Readonly<Record<KnownKey, string>> = {
  package: 'Add a line like "package: scripts1" (the cron package this job belongs to).',
  time: 'Add a line like "time: */5 * * * *" (a Debian cron schedule).',
  params: 'Remove the line, or give arguments like "params: --mod 2 --rem 0".',
  user: 'Remove the line to use the default user, or name one like "user: www-data".',
  lease: 'Remove the line, or give leases like "lease: FQDN_mem=4:int(MEMMB/1024), restart=1:1".',
};

const isKnownKey = (key: string): key is KnownKey => (knownKeys as readonly string[]).includes(key);

/** The span of `length` characters starting at index `start` of a section line's text. */
function spanOf(line: SectionLine, start: number, length: number): Span {
  const column = line.column + start;
  return { line: line.line, column, endLine: line.line, endColumn: column + Math.max(length, 1) };
}

/** The span of a section line's text without its leading and trailing blanks. */
function whole(line: SectionLine, indent: number, trimmed: string): Span {
  return spanOf(line, indent, trimmed.length);
}

interface OpenBlock {
  tag: Span;
  fields: Partial<Record<KnownKey, BlockField>>;
  hasLines: boolean;
  /** A required key was given empty: already reported, so the block yields no job. */
  hasEmptyRequired: boolean;
}

/**
 * Reads the <crontab> blocks of one METADATA section. Blocks missing a required
 * key are reported and dropped; a duplicate key is reported and the first one kept.
 */
export function parseBlocks(file: string, section: MetadataSection, sink: DiagnosticSink): CronBlock[] {
  const blocks: CronBlock[] = [];
  let open: OpenBlock | undefined;
  let sawTag = false;

  const close = (block: OpenBlock, closing: Span | undefined): void => {
    if (!block.hasLines) {
      sink.report({ messageId: 'emptyBlock', loc: closing ? { ...block.tag, endLine: closing.endLine, endColumn: closing.endColumn } : block.tag });
      return;
    }
    const missing = requiredKeys.filter((key) => !block.fields[key]);
    for (const key of missing) {
      sink.report({ messageId: 'missingKey', loc: block.tag, data: { key, example: examples[key] } });
    }
    if (missing.length === 0 && !block.hasEmptyRequired) blocks.push({ file, span: block.tag, fields: block.fields });
  };

  for (const line of section.lines) {
    const trimmed = line.text.trim();
    const indent = line.text.length - line.text.trimStart().length;
    // Only a line starting with "<" can be a tag. Most lines are keys: no tag regex, and no span of the whole line.
    const mayBeTag = trimmed.charCodeAt(0) === 0x3c;
    if (mayBeTag && openTag.test(trimmed)) {
      sawTag = true;
      if (open) {
        sink.report({ messageId: 'nestedTag', loc: whole(line, indent, trimmed) });
        close(open, undefined);
      }
      open = { tag: whole(line, indent, trimmed), fields: {}, hasLines: false, hasEmptyRequired: false };
      continue;
    }
    if (mayBeTag && closeTag.test(trimmed)) {
      sawTag = true;
      if (open) close(open, whole(line, indent, trimmed));
      else sink.report({ messageId: 'strayClosingTag', loc: whole(line, indent, trimmed) });
      open = undefined;
      continue;
    }
    if (trimmed === '') continue;
    const match = keyValue.exec(trimmed);
    if (!open) {
      if (match && isKnownKey(match[1]!)) sink.report({ messageId: 'textOutsideBlock', loc: whole(line, indent, trimmed), data: { text: trimmed } });
      continue;
    }
    open.hasLines = true;
    if (!match) {
      sink.report({ messageId: 'malformedLine', loc: whole(line, indent, trimmed), data: { text: trimmed } });
      continue;
    }
    const key = match[1]!;
    const value = match[2]!;
    const keySpan = spanOf(line, indent, key.length);
    // The pattern consumed the trailing blanks, so the value ends where the trimmed line ends.
    const valueSpan = value === '' ? keySpan : spanOf(line, indent + trimmed.length - value.length, value.length);
    if (!isKnownKey(key)) {
      const suggestion = didYouMean(key, knownKeys);
      sink.report({
        messageId: 'unknownKey',
        loc: keySpan,
        data: { key, suggestion: suggestion ? `Did you mean "${suggestion}"?` : `Known keys: ${knownKeys.join(', ')}.` },
      });
      continue;
    }
    const first = open.fields[key];
    if (first) {
      sink.report({ messageId: 'duplicateKey', loc: keySpan, data: { key }, related: [{ messageId: 'firstSetHere', loc: first.keySpan }] });
      continue;
    }
    if (value === '' && key !== 'params') {
      sink.report({ messageId: 'emptyValue', loc: keySpan, data: { key, example: examples[key] } });
      open.hasEmptyRequired ||= requiredKeys.includes(key);
    }
    open.fields[key] = { key, value, keySpan, valueSpan };
  }
  if (open && section.closedEarlyAt) {
    // The comment ended inside this block: what was read of it is cut short, so it yields no job.
    sink.report({ messageId: 'commentClosedEarly', loc: section.closedEarlyAt });
  } else if (open) {
    sink.report({ messageId: 'unclosedTag', loc: open.tag });
    close(open, undefined);
  }
  if (!sawTag) sink.report({ messageId: 'metadataWithoutBlocks', loc: section.heading });
  return blocks;
}
