import type { DiagnosticSink } from '../diagnostics/report.js';
import type { CronBlock, Job } from '../model/types.js';
import { checkPackageName, checkUserName } from './rules/names.js';
import { checkParams, readShard } from './rules/params.js';
import { dropDuplicateJobs } from './rules/duplicate-jobs.js';
import { checkShardSets } from './rules/shards.js';
import { checkSchedule } from './rules/schedule.js';
import { checkLeases } from './rules/leases.js';
import { lockNameFor } from '../contract/lock-name.js';

export { splitShellWords, type ShellWord, type ShellProblem } from './shell-words.js';
export { suggestPackageName } from './rules/names.js';

/** A block's own checks; a job only when nothing in the block is wrong, so later rules see no cascades. */
function validateBlock(script: string, block: CronBlock, sink: DiagnosticSink): Job | undefined {
  const { package: pkg, time, params, user, lease } = block.fields;
  if (!pkg || !time) return undefined;
  const isPackageValid = checkPackageName(pkg, sink);
  const isUserValid = user ? checkUserName(user, sink) : true;
  const words = checkParams(params, sink);
  const shard = words ? readShard(params, words, sink) : false;
  // H values are chosen by the lock name; with unreadable params there is none, and no job, but H's syntax is still checked.
  const seed = words && shard !== false ? lockNameFor({ script, params: words.map((w) => w.value), shard }) : '';
  const schedule = checkSchedule(time, sink, seed);
  const leases = checkLeases(lease, sink);
  if (!isPackageValid || schedule === undefined || !isUserValid || !words || shard === false || leases === undefined) return undefined;
  const job: Job = { script, package: pkg.value, time: schedule.resolved, model: schedule.model, lockName: seed, params: words.map((w) => w.value), block };
  if (schedule.resolved !== time.value) job.writtenTime = time.value;
  if (user) job.user = user.value;
  if (leases.length > 0) job.leases = leases;
  if (shard) job.shard = shard;
  return job;
}

/** Validates every block of one script; cross-block rules are per script, so a file can be checked alone. */
export function validateBlocks(script: string, blocks: readonly CronBlock[], sink: DiagnosticSink): Job[] {
  const jobs: Job[] = [];
  for (const block of blocks) {
    const job = validateBlock(script, block, sink);
    if (job) jobs.push(job);
  }
  const unique = dropDuplicateJobs(jobs, sink);
  checkShardSets(unique, sink);
  return unique;
}
