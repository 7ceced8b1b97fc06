// The jobs manifests the cron packages installed on this box (manifest_dir): which packages,
// versions and groups it carries. The only file reading of the fleet code.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJobsManifest } from '../../contract/jobs-manifest.js';
import type { JobsManifest } from '../../contract/jobs-manifest.js';

export interface InstalledManifests {
  manifests: JobsManifest[];
  /** "<file>: <why>", one per file that is not a manifest. A missing folder is no error: no packages. */
  errors: string[];
}

export function readInstalledManifests(dir: string): InstalledManifests {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { manifests: [], errors: code === 'ENOENT' ? [] : [`${dir}: ${(error as Error).message}`] };
  }
  const manifests: JobsManifest[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      errors.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    const parsed = parseJobsManifest(text);
    if (parsed.ok) manifests.push(parsed.manifest);
    else errors.push(`${path}: ${parsed.error}`);
  }
  return { manifests, errors };
}
