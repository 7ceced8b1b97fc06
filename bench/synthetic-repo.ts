import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../test/support/prng.js';


const languages = [
  { ext: 'pl', comment: '#', pod: true },
  { ext: 'sh', comment: '#', pod: false },
  { ext: 'py', comment: '#', pod: false },
  { ext: 'js', comment: '//', pod: false },
  { ext: 'ts', comment: '//', pod: false },
] as const;

function block(pkg: string, time: string, params: string, comment: string): string[] {
  return ['<crontab>', `  package: ${pkg}`, `  time: ${time}`, ...(params ? [`  params: ${params}`] : []), '</crontab>'].map((l) => (comment ? `${comment} ${l}` : l));
}

/**
 * Writes a scripts repository of `count` files: mixed languages, about a third
 * with METADATA (some sharded), 20 packages, and ~60 lines of code per file.
 * Returns the paths of five files with METADATA, for a pre-commit style check.
 */
export function writeSyntheticRepo(root: string, count: number): string[] {
  rmSync(root, { recursive: true, force: true });
  const random = prng(2024);
  const body = Array.from({ length: 60 }, (_, i) => `value_${i} = compute(${i}) # some code of the job`).join('\n');
  const withBlocks: string[] = [];
  for (let i = 0; i < count; i++) {
    const lang = languages[i % languages.length]!;
    const dir = `team${i % 25}/area${i % 7}`;
    const path = `${dir}/job${i}.${lang.ext}`;
    mkdirSync(join(root, dir), { recursive: true });
    const lines = [`#!/usr/bin/env ${lang.ext === 'pl' ? 'perl' : lang.ext === 'py' ? 'python3' : lang.ext === 'sh' ? 'sh' : 'node'}`, body];
    if (random() < 1 / 3) {
      const pkg = `scripts${Math.floor(random() * 20) + 1}`;
      const time = `${Math.floor(random() * 60)} ${Math.floor(random() * 24)} * * *`;
      const blocks =
        random() < 0.2
          ? [0, 1, 2].flatMap((rem) => block(pkg, `*/${5 + (i % 3)} * * * *`, `--mod 3 --rem ${rem}`, lang.pod ? '' : lang.comment))
          : block(pkg, time, `--id ${i}`, lang.pod ? '' : lang.comment);
      if (lang.pod) lines.push('__END__', '', '=head1 METADATA', '', ...blocks, '', '=cut');
      else lines.push(`${lang.comment} METADATA`, ...blocks);
      withBlocks.push(path);
    }
    writeFileSync(join(root, path), lines.join('\n') + '\n', { mode: 0o755 });
  }
  return withBlocks.slice(0, 5);
}
