import type { DiagnosticSink, RelatedReport } from '../../diagnostics/report.js';
import { writtenTimeOf, type Job } from '../../model/types.js';

type ShardedJob = Job & { shard: NonNullable<Job['shard']> };

function listWords(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** The first shard of a set, which the others must agree with. */
function otherShard(first: ShardedJob): RelatedReport {
  return { messageId: 'otherShard', loc: first.block.fields.params?.valueSpan ?? first.block.span, data: { mod: first.shard.mod, time: writtenTimeOf(first) } };
}

/** For one script in one package, shards must be exactly --rem 0..N-1 of one --mod N, at one time. */
export function checkShardSets(jobs: readonly Job[], sink: DiagnosticSink): void {
  if (!jobs.some((job) => job.shard)) return; // most scripts have no shards: no groups to build
  const groups = new Map<string, ShardedJob[]>();
  for (const job of jobs) {
    if (!job.shard) continue;
    const key = `${job.script}\0${job.package}`;
    const group = groups.get(key) ?? [];
    group.push(job as ShardedJob);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const { mod } = first.shard;
    const byRem = new Map<number, ShardedJob>();
    for (const job of group) {
      const paramsSpan = job.block.fields.params?.valueSpan ?? job.block.span;
      if (job.shard.mod !== mod) {
        sink.report({
          messageId: 'shardModMismatch',
          loc: paramsSpan,
          data: { script: job.script, package: job.package, mod: job.shard.mod, otherMod: mod },
          related: [otherShard(first)],
        });
        continue;
      }
      // As written: H gives each shard its own minute (their lock names differ), which is fine.
      if (writtenTimeOf(job) !== writtenTimeOf(first)) {
        sink.report({
          messageId: 'shardTimeMismatch',
          loc: job.block.fields.time?.valueSpan ?? job.block.span,
          data: { rem: job.shard.rem, time: writtenTimeOf(job), otherTime: writtenTimeOf(first) },
          related: [otherShard(first)],
        });
      }
      const twin = byRem.get(job.shard.rem);
      if (twin) {
        sink.report({ messageId: 'shardDuplicate', loc: paramsSpan, data: { mod, rem: job.shard.rem }, related: [{ messageId: 'firstDeclaredHere', loc: twin.block.fields.params?.valueSpan ?? twin.block.span }] });
        continue;
      }
      byRem.set(job.shard.rem, job);
    }
    const missing = Array.from({ length: mod }, (_, rem) => rem).filter((rem) => !byRem.has(rem));
    if (missing.length === 0) continue;
    const shown = missing.length > 8 ? [...missing.slice(0, 8)] : missing;
    const more = missing.length > 8 ? ` (and ${missing.length - 8} more)` : '';
    sink.report({
      messageId: 'shardMissing',
      loc: first.block.span,
      data: {
        script: first.script,
        package: first.package,
        mod,
        missing: listWords(shown) + more,
      },
    });
  }
}
