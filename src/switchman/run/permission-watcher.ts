// May this host run the job? The groups document (the config node at the prefix) says; a watch
// on it reads it again on every change, and a reconnect reads it again in case a change was
// missed. Removed from the group, or the group gone: stop with the normal grace period. An
// unreadable or invalid change is no reason to stop a job that was allowed.
import { judgeGroup, parseGroupsDocument } from '../groups.js';
import type { Permission } from '../groups.js';
import type { LogFields } from '../log.js';
import type { LogPort, OnStop, SessionPort } from './ports.js';

export interface PermissionWatcherDeps {
  session: SessionPort;
  /** The config node holding the groups document. */
  prefix: string;
  group: string;
  host: string;
  log: LogPort;
  /** host, lock, group: on every line. */
  fields(): LogFields;
  /** The job's normal grace period (termination_timeout). */
  graceMs: number;
  onStop: OnStop;
}

export class PermissionWatcher {
  private closed = false;

  constructor(private readonly deps: PermissionWatcherDeps) {}

  /** Reads the groups (setting the watch again) and checks this host against the group. */
  async read(initial: boolean): Promise<Permission | 'error'> {
    const { session, prefix, log } = this.deps;
    const fields = { ...this.deps.fields(), prefix };
    let node: Awaited<ReturnType<SessionPort['getData']>>;
    try {
      node = await session.getData(prefix, this.watcher);
    } catch (error) {
      if (initial) throw error;
      return 'error';
    }
    if (node === null) {
      if (initial) {
        log.error('no switchman config in ZooKeeper', fields);
        return 'error';
      }
      // The config node is gone: no group is defined any more. Watch for its return.
      await session.exists(prefix, this.watcher).catch(() => null);
      return 'unknown-group';
    }
    const parsed = parseGroupsDocument(node.data.toString('utf8'));
    if (!parsed.ok) {
      if (initial) log.error('invalid switchman config in ZooKeeper', { ...fields, error: parsed.error });
      else log.warning('ignoring invalid config change in ZooKeeper', { ...fields, error: parsed.error });
      return 'error';
    }
    const verdict = judgeGroup(parsed.groups, this.deps.group, this.deps.host);
    // This job's own group: its owner should hear (stderr, so cron mails it).
    for (const problem of verdict.warnings) log.warning('bad entry in the group, ignored', { ...fields, problem });
    // Other groups: the log only, or one typo would mail every job of every box every minute.
    for (const problem of parsed.warnings) if (!verdict.warnings.includes(problem)) log.info('bad entry in the groups document', { prefix, problem });
    if (verdict.permission === 'malformed-group') {
      if (!initial) return 'unknown-group';
      log.error('group is malformed in ZooKeeper', { ...fields, error: verdict.error });
      return 'error';
    }
    return verdict.permission;
  }

  /** Reads again (after a reconnect: a change may have been missed) and acts on the answer. */
  async recheck(): Promise<void> {
    this.apply(await this.read(false));
  }

  private readonly watcher = (): void => {
    if (this.closed) return;
    void this.read(false).then((permission) => {
      this.deps.log.debug('config changed', { ...this.deps.fields(), permission });
      this.apply(permission);
    });
  };

  private apply(permission: Permission | 'error'): void {
    if (permission === 'allowed' || permission === 'error' || this.closed) return;
    this.deps.onStop({
      reason: { kind: 'lost-permission', detail: permission === 'unknown-group' ? 'the group is no longer defined' : 'this host was removed from the group' },
      graceMs: this.deps.graceMs,
    });
  }

  close(): void {
    this.closed = true;
  }
}
