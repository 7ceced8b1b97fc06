// What every fleet command shares: the streams and log it writes through, the config it was
// given, and one ZooKeeper session bounded by the command's time limit.
import type { SwitchmanConfig } from '../../config.js';
import { ZkSession } from '../../zk-session.js';

export interface FleetIo {
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** Logs a line to switchman's log (file or syslog): what a --quiet heartbeat has to say. */
  log: (level: 'info' | 'warning' | 'error', message: string, fields?: Record<string, string | undefined>) => void;
}

/** The config as the file gave it, or why there is none. */
export type LoadedConfig = { config: SwitchmanConfig } | { unconfigured: true } | { errors: string[] };

export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

class Deadline extends Error {}

/** Runs `work` against a fresh session, all within the command's time limit. */
export async function withSession<T>(config: SwitchmanConfig, timeoutMs: number, work: (session: ZkSession) => Promise<T>): Promise<T> {
  let session: ZkSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Deadline(`no answer from ZooKeeper at ${config.zkhosts} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        session = await ZkSession.connect(config.zkhosts, { sessionTimeoutMs: config.sessionTimeoutMs, connectTimeoutMs: Math.min(config.connectTimeoutMs, timeoutMs) });
        return work(session);
      })(),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
    await session?.close(500);
  }
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
