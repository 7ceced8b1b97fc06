import { fillPhrase, type DiagnosticSink } from '../../diagnostics/report.js';
import type { BlockField, Shard } from '../../model/types.js';
import { splitShellWords, type ShellWord } from '../shell-words.js';
import { valueSubspan } from '../span.js';
import { literalGlobPhrases, shellSyntaxPhrases } from '../../catalogue/phrases.js';

/** Words of a params value, or undefined when a word could not be carried through safely (reported). */
export function checkParams(field: BlockField | undefined, sink: DiagnosticSink): ShellWord[] | undefined {
  if (!field) return [];
  const { words, problems } = splitShellWords(field.value);
  let isSafe = true;
  for (const problem of problems) {
    const loc = valueSubspan(field, problem.start, problem.end);
    switch (problem.kind) {
      case 'syntax': {
        isSafe = false;
        const phrase: { what?: string; effect: string; hint: string } = shellSyntaxPhrases[problem.syntax];
        sink.report({ messageId: 'paramsUnsafe', loc, data: { what: phrase.what ?? `"${problem.text}"`, effect: phrase.effect, hint: phrase.hint } });
        break;
      }
      case 'unterminated':
        isSafe = false;
        sink.report({ messageId: 'paramsUnterminatedQuote', loc, data: { quote: problem.quote } });
        break;
      case 'control':
        isSafe = false;
        sink.report({ messageId: 'paramsControlChar', loc, data: { char: problem.char } });
        break;
      case 'glob': {
        const word = words.find((w) => w.start === problem.wordStart);
        const what = fillPhrase(literalGlobPhrases[problem.glob], { char: problem.text });
        sink.report({ messageId: 'paramsLiteralGlob', loc, data: { word: word ? field.value.slice(word.start, word.end) : '', what } });
        break;
      }
    }
  }
  return isSafe ? words : undefined;
}

type ShardOption = '--mod' | '--rem';

/** Reads `--mod N --rem R` (or `--mod=N`) from the words; undefined when absent or wrong (reported). */
export function readShard(field: BlockField | undefined, words: readonly ShellWord[], sink: DiagnosticSink): Shard | undefined | false {
  if (!field) return undefined;
  const found: Partial<Record<ShardOption, { value: string; word: ShellWord }>> = {};
  let isValid = true;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const match = /^(--mod|--rem)(?:=(.*))?$/.exec(word.value);
    if (!match) continue;
    const option = match[1] as ShardOption;
    let value = match[2];
    let valueWord = word;
    if (value === undefined) {
      valueWord = words[i + 1] ?? word;
      value = words[i + 1]?.value ?? '';
      i++;
    }
    if (found[option]) {
      sink.report({ messageId: 'shardRepeated', loc: valueSubspan(field, word.start, word.end), data: { option } });
      isValid = false;
      continue;
    }
    const pattern = option === '--mod' ? /^[1-9][0-9]{0,5}$/ : /^[0-9]{1,6}$/;
    if (!pattern.test(value)) {
      sink.report({
        messageId: 'shardNotInteger',
        loc: valueSubspan(field, valueWord.start, valueWord.end),
        data: { option, value, kind: option === '--mod' ? 'a positive integer' : 'a non-negative integer' },
      });
      isValid = false;
    }
    found[option] = { value, word };
  }
  const mod = found['--mod'];
  const rem = found['--rem'];
  if (!mod && !rem) return undefined;
  if (!mod || !rem) {
    const present = (mod ?? rem)!;
    sink.report({
      messageId: 'shardIncomplete',
      loc: valueSubspan(field, present.word.start, present.word.end),
      data: { present: mod ? '--mod' : '--rem', missing: mod ? '--rem' : '--mod' },
    });
    return false;
  }
  if (!isValid) return false;
  const shard = { mod: Number(mod.value), rem: Number(rem.value) };
  if (shard.rem >= shard.mod) {
    sink.report({
      messageId: 'shardOutOfRange',
      loc: valueSubspan(field, rem.word.start, rem.word.end),
      data: { rem: shard.rem, mod: shard.mod, max: shard.mod - 1 },
    });
    return false;
  }
  return shard;
}
