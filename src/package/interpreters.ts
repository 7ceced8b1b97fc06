/**
 * Script interpreters, read from "#!" lines as lintian reads them, so that the
 * scripts package depends on the Debian packages of its interpreters and
 * carries lintian overrides only for what the repository's scripts say as written.
 * Pure.
 */

/**
 * Interpreters Debian knows: where policy puts them and which packages provide
 * them (none: Essential). Mirrors lintian 2.116's data/scripts/interpreters
 * (and the unversioned names of versioned-interpreters), without the ":any"
 * qualifiers, which only Multi-Arch: allowed packages accept, and without
 * python3-minimal, which lintian forbids as a dependency.
 */
const knownInterpreters: Record<string, { folder: string; depends?: string }> = {
  ash: { folder: '/bin', depends: 'ash' },
  awk: { folder: '/usr/bin' },
  bash: { folder: '/bin' },
  bltwish: { folder: '/usr/bin', depends: 'blt' },
  cfagent: { folder: '/usr/sbin', depends: 'cfengine2' },
  clisp: { folder: '/usr/bin', depends: 'clisp' },
  csh: { folder: '/bin', depends: 'tcsh | csh | c-shell' },
  'cwl-runner': { folder: '/usr/bin', depends: 'cwltool | cwl-runner' },
  dash: { folder: '/bin' },
  escript: { folder: '/usr/bin', depends: 'erlang-base | erlang-base-hipe' },
  expect: { folder: '/usr/bin', depends: 'expect' },
  expectk: { folder: '/usr/bin', depends: 'expectk' },
  falcon: { folder: '/usr/bin', depends: 'falconpl' },
  fish: { folder: '/usr/bin', depends: 'fish' },
  fontforge: { folder: '/usr/bin', depends: 'fontforge-nox | fontforge' },
  gawk: { folder: '/usr/bin', depends: 'gawk' },
  gforth: { folder: '/usr/bin', depends: 'gforth' },
  gjs: { folder: '/usr/bin', depends: 'gjs' },
  'gjs-console': { folder: '/usr/bin', depends: 'gjs' },
  gnuplot: { folder: '/usr/bin', depends: 'gnuplot' },
  gosh: { folder: '/usr/bin', depends: 'gauche' },
  guile: { folder: '/usr/bin', depends: 'guile' },
  icmake: { folder: '/usr/bin', depends: 'icmake' },
  jed: { folder: '/usr/bin', depends: 'jed' },
  'jed-script': { folder: '/usr/bin', depends: 'jed | xjed' },
  jruby: { folder: '/usr/bin', depends: 'jruby' },
  julia: { folder: '/usr/bin', depends: 'julia' },
  jython: { folder: '/usr/bin', depends: 'jython' },
  ksh: { folder: '/bin', depends: 'ksh | mksh | pdksh | zsh' },
  lua: { folder: '/usr/bin', depends: 'lua' },
  make: { folder: '/usr/bin', depends: 'make | build-essential | dpkg-dev' },
  mawk: { folder: '/usr/bin', depends: 'mawk' },
  mksh: { folder: '/bin', depends: 'mksh' },
  newlisp: { folder: '/usr/bin', depends: 'newlisp' },
  node: { folder: '/usr/bin', depends: 'nodejs' },
  ocamlrun: { folder: '/usr/bin', depends: 'ocaml-base-nox | ocaml-base | ocaml-nox | ocaml' },
  octave: { folder: '/usr/bin', depends: 'octave' },
  // lintian needs nothing (perl-base is Essential), but dh_perl adds perl:any for any perl script: cron
  // scripts use modules outside perl-base, and the debian/ source tree must build the same package.
  perl: { folder: '/usr/bin', depends: 'perl:any' },
  perl6: { folder: '/usr/bin', depends: 'rakudo' },
  php: { folder: '/usr/bin', depends: 'php-cli' },
  procmail: { folder: '/usr/bin', depends: 'procmail' },
  pypy3: { folder: '/usr/bin', depends: 'pypy3' },
  python2: { folder: '/usr/bin', depends: 'python2' },
  python3: { folder: '/usr/bin', depends: 'python3' },
  r: { folder: '/usr/bin', depends: 'littler | r-cran-littler' },
  racket: { folder: '/usr/bin', depends: 'racket' },
  rake: { folder: '/usr/bin', depends: 'rake' },
  raku: { folder: '/usr/bin', depends: 'rakudo' },
  rc: { folder: '/usr/bin', depends: 'rc' },
  regina: { folder: '/usr/bin', depends: 'regina-rexx' },
  rexx: { folder: '/usr/bin', depends: 'regina-rexx' },
  Rscript: { folder: '/usr/bin', depends: 'r-base-core' },
  ruby: { folder: '/usr/bin', depends: 'ruby' },
  runhaskell: { folder: '/usr/bin', depends: 'ghc | ghc6' },
  sed: { folder: '/bin' },
  sh: { folder: '/bin' },
  slsh: { folder: '/usr/bin', depends: 'slsh' },
  stap: { folder: '/usr/bin', depends: 'systemtap' },
  swipl: { folder: '/usr/bin', depends: 'swi-prolog | swi-prolog-nox' },
  tclsh: { folder: '/usr/bin', depends: 'tclsh | tcl' },
  tcsh: { folder: '/bin', depends: 'tcsh' },
  wish: { folder: '/usr/bin', depends: 'wish | tk' },
  yorick: { folder: '/usr/bin', depends: 'yorick' },
  zsh: { folder: '/bin', depends: 'zsh | zsh-beta' },
};

export interface Shebang {
  /** The "#!" line without "#!", trimmed. */
  line: string;
  /** Through /usr/bin/env. */
  callsEnv: boolean;
  /** The interpreter as lintian names it: the first word, after "/usr/bin/env " if any. */
  interpreter: string;
}

/** The "#!" line of a file, if it starts with one (read as lintian does). */
export function readShebang(content: Buffer): Shebang | undefined {
  if (content.length < 3 || content[0] !== 0x23 || content[1] !== 0x21) return undefined;
  const end = content.indexOf(0x0a, 2);
  const line = content
    .subarray(2, end < 0 ? content.length : end)
    .toString('latin1')
    .trim();
  const callsEnv = /^\/usr\/bin\/env\s+/.test(line);
  const interpreter = (callsEnv ? line.replace(/^\/usr\/bin\/env\s+/, '') : line).split(/\s/)[0] ?? '';
  return { line, callsEnv, interpreter };
}

/** A lintian tag a file will get for its "#!" line as written, with lintian's words for the case. */
export interface ScriptTag {
  tag: string;
  /** Whether lintian writes words between the tag and the file (what an override must match with "*"). */
  hasContext: boolean;
  /** lintian's severity: cronpack overrides warnings it causes by shipping scripts as written, never errors. */
  severity: 'error' | 'warning';
  /** For errors: how to change the "#!" line. */
  fix?: string;
  /** Package-relative path, no leading "/". */
  path: string;
  reason: string;
}

export interface ScriptAnalysis {
  /** Debian dependencies for the interpreter (alternatives with " | "), if Debian knows it and it is not Essential. */
  depends?: string;
  tags: ScriptTag[];
}

/** Tags lintian writes with the file alone, no words before it. */
const contextless = new Set(['script-not-executable', 'script-without-interpreter']);

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * What Debian makes of one installed file's "#!" line: the dependency its
 * interpreter needs, and the lintian tags (following lintian's Scripts check)
 * that come from the line as the repository wrote it. `path` is package-relative.
 */
export function analyzeScript(path: string, content: Buffer, executable: boolean): ScriptAnalysis {
  const shebang = readShebang(content);
  if (!shebang) return { tags: [] };
  const tags: ScriptTag[] = [];
  const tag = (name: string, reason: string, fix?: string): void => {
    const found: ScriptTag = { tag: name, hasContext: !contextless.has(name), severity: fix === undefined ? 'warning' : 'error', path, reason };
    if (fix !== undefined) found.fix = fix;
    tags.push(found);
  };
  const { interpreter, callsEnv } = shebang;
  const isAbsolute = interpreter.startsWith('/') || callsEnv;
  if (callsEnv && interpreter === 'perl') tag('incorrect-path-for-interpreter', '"#!/usr/bin/env perl" as written');
  // lintian skips non-executable files with a relative "#!": probably not scripts.
  if (!/(?:bin\/|etc\/init\.d\/)/.test(path) && !executable && !isAbsolute) return { tags };
  if (interpreter === '') {
    tag('script-without-interpreter', 'an empty "#!" line as written', 'Write the interpreter after "#!" (e.g. "#!/bin/sh"), or remove the line.');
    return { tags };
  }
  if (!isAbsolute) tag('interpreter-not-absolute', `"#!${shebang.line}" as written`);
  const exemptFromExecutable = /^usr\/(?:lib|share)\/.*\.(?:pm|py)$|^usr\/(?:lib|share)\/ruby\/.*\.rb$|\.(?:in|erb|ex)$/.test(path);
  if (!executable && !exemptFromExecutable) tag('script-not-executable', 'a helper with a "#!" line, not executable in the repository');
  const name = basename(interpreter);
  let known = knownInterpreters[name];
  if (known) {
    const expected = `${known.folder}/${name}`;
    if (interpreter !== expected && !callsEnv) {
      tag('wrong-path-for-interpreter', `"#!${interpreter}" as written`, `Write "#!${expected}", where Debian Policy 10.4 puts ${name}.`);
    }
  } else if (interpreter.startsWith('/usr/local/')) {
    tag(
      'interpreter-in-usr-local',
      `"#!${interpreter}" as written`,
      `Use an interpreter from a Debian package, or write "#!/usr/bin/env ${name}" and make sure the boxes have ${name} on cron's PATH.`,
    );
  } else if (interpreter === '/bin/env') {
    tag('script-uses-bin-env', '"#!/bin/env" as written');
  } else if (interpreter === 'nodejs') {
    tag('script-uses-deprecated-nodejs-location', '"nodejs" as written');
    known = knownInterpreters['node'];
  } else if (name.startsWith('php')) {
    tag('php-script-with-unusual-interpreter', `"${interpreter}" as written`);
    known = knownInterpreters['php'];
  } else {
    tag('unusual-interpreter', `"${interpreter}" is not packaged by Debian; the boxes provide it`);
  }
  const depends = known?.depends !== undefined && executable ? known.depends : undefined;
  return depends === undefined ? { tags } : { depends, tags };
}
