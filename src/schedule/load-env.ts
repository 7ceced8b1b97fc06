/**
 * A port of Debian 12's cron (3.0pl1-162) env.c load_env(), env.c:131-271:
 * whether a crontab line is an environment setting "NAME=VALUE", and which
 * name and value cron then sets.
 *
 * user.c load_user() calls load_env() on every line before load_entry(), so
 * a schedule that load_env() accepts is never a job (parse-schedule.ts), and
 * an env line cronpack writes must read back as its own name and value
 * (render/env-line.ts). Checked against Debian's own code by
 * test/schedule/load-env.test.ts and test/render-env.test.ts.
 *
 * The caller has already done misc.c skip_comments() (blank lines and lines
 * whose first non-blank is "#" are skipped before load_env() sees them) and
 * passes one line without its "\n".
 */
import { isCSpace, MAX_ENVSTR } from './c-text.js';

/** What load_env() sets for a line it accepts. */
export interface EnvSetting {
  name: string;
  value: string;
}

/** Returns the setting when Debian reads `line` as "NAME=VALUE", else undefined (a job line). */
export function loadEnv(line: string): EnvSetting | undefined {
  // Only "=" leads from EQ1 on to a value: without one, the machine below ends in NAME, EQ1 or ERROR.
  if (!line.includes('=')) return undefined;
  // env.c:161 get_string(envstr, MAX_ENVSTR - 1, ...) keeps at most MAX_ENVSTR - 2 bytes.
  const bytes = Buffer.from(line, 'utf8').subarray(0, MAX_ENVSTR - 2);
  // env.c:132-141 enum env_state, traversed in order.
  const NAMEI = 0, NAME = 1, EQ1 = 2, EQ2 = 3, VALUEI = 4, VALUE = 5, FINI = 6, ERROR = 7;
  let state = NAMEI;
  let quote = 0;
  const name: number[] = [];
  let val: number[] = [];
  let str = name;
  let c = 0;
  // env.c:174-233, the state machine.
  while (state !== ERROR && c < bytes.length) {
    const b = bytes[c]!;
    switch (state) {
      case NAMEI:
      case VALUEI:
      case NAME:
      case VALUE: {
        if (state === NAMEI || state === VALUEI) {
          if (b === 0x27 || b === 0x22) {
            quote = b;
            c++;
          }
          state++;
          if (c >= bytes.length) break; // the C code would copy the NUL; the line never ends here
        }
        const d = bytes[c]!;
        if (quote) {
          if (d === quote) {
            state++;
            c++;
            break;
          }
          if (state === NAME && d === 0x3d) {
            state = ERROR;
            break;
          }
        } else if (state === NAME) {
          if (isCSpace(d)) {
            c++;
            state++;
            break;
          }
          if (d === 0x3d) {
            state++;
            break;
          }
        }
        str.push(d);
        c++;
        break;
      }
      case EQ1:
        if (b === 0x3d) {
          state = EQ2;
          str = val;
          quote = 0;
        } else if (!isCSpace(b)) {
          state = ERROR;
        }
        c++;
        break;
      case EQ2:
      case FINI:
        if (isCSpace(b)) c++;
        else state++;
        break;
    }
  }
  // env.c:234-239: only a quoted value that was closed, or an unquoted one, is a setting.
  if (state !== FINI && !(state === VALUE && !quote)) return undefined;
  // env.c:240-245: end of an unquoted value, trim trailing whitespace.
  if (state === VALUE) while (val.length > 0 && isCSpace(val[val.length - 1])) val.pop();
  // env.c:253-264: strdtb(val) (misc.c: trailing isspace()), then strip one pair of matching quotes.
  while (val.length > 0 && isCSpace(val[val.length - 1])) val.pop();
  if (val.length >= 2 && (val[0] === 0x27 || val[0] === 0x22) && val[val.length - 1] === val[0]) val = val.slice(1, -1);
  // env.c:266-267
  if (name.length + 1 + val.length >= MAX_ENVSTR - 1) return undefined;
  return { name: Buffer.from(name).toString('utf8'), value: Buffer.from(val).toString('utf8') };
}
