/** The config as written (cronpack.config.json or package.json "cronpack"); see cronpack.config.schema.json. */
export interface RawConfig {
  prefix?: string;
  installDir?: string;
  manifestDir?: string;
  retired?: string[];
  user?: string;
  users?: string[];
  switchman?: { bin?: string; config?: string };
  mailto?: string;
  env?: Record<string, string>;
  include?: string[];
  exclude?: string[];
  outDir?: string;
  maxStartsPerMinute?: number;
  package?: RawPackageConfig;
}

export interface RawPackageConfig {
  version?: string;
  maintainer?: string;
  section?: string;
  priority?: string;
  homepage?: string;
  description?: string;
  copyright?: string;
  license?: string;
}

/** The config with every default filled in: what the pipeline stages read. */
export interface CronpackConfig {
  prefix: string;
  installDir: string;
  /** Where cron packages install their jobs manifests; the cron lines' guard. */
  manifestDir: string;
  /** Groups released before and gone now: each gets an empty package that retires it. */
  retired: string[];
  user: string;
  users: string[];
  switchman: { bin: string; config: string };
  /** undefined: no MAILTO line (cron mails the job's user). */
  mailto?: string;
  env: Record<string, string>;
  include?: string[];
  exclude?: string[];
  outDir: string;
  /** check warns above this many starts of one package in one minute. */
  maxStartsPerMinute: number;
  package: Required<Omit<RawPackageConfig, 'homepage' | 'version'>> & { homepage?: string; version?: string };
}
