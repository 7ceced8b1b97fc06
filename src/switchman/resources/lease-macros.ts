// What CPU, FQDN and MEMMB stand for on this box, as App::Switchman reads them: Sys::CPU's
// processor count, the host's FQDN (switchman's, so SWITCHMAN_HOSTNAME and the config's
// hostname count), and int(MemTotal kB / 1024) from /proc/meminfo.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LeaseMacros } from '../../contract/lease-option.js';

/** MemTotal of /proc/meminfo in MB, rounded down; undefined when it cannot be read. */
export function memTotalMb(meminfo: string): number | undefined {
  const kb = /^MemTotal:\s+(\d+)\s+kB$/m.exec(meminfo)?.[1];
  return kb === undefined ? undefined : Math.floor(Number(kb) / 1024);
}

export function leaseMacros(fqdn: string, readMeminfo: () => string = () => readFileSync('/proc/meminfo', 'utf8')): LeaseMacros | { error: string } {
  let memMb: number | undefined;
  try {
    memMb = memTotalMb(readMeminfo());
  } catch (error) {
    return { error: `cannot read /proc/meminfo for MEMMB: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  if (memMb === undefined) return { error: 'no MemTotal in /proc/meminfo for MEMMB' };
  return { CPU: cpus().length, FQDN: fqdn, MEMMB: memMb };
}
