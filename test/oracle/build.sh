#!/usr/bin/env bash
# Build test/oracle/.build/cron-oracle: Debian's own crontab parser
# (entry.c, env.c, misc.c from the Debian source package of cron, with
# Debian's patches applied) linked with test/oracle/harness.c.
#
# Usage: test/oracle/build.sh [--force]
#        test/oracle/build.sh --print-sources   (only print the deb-src entries
#                                                 step 3 would use, and exit)
#
# Environment (all optional):
#   CRON_VERSION  source version to fetch        (default 3.0pl1-162)
#   CRON_SUITE    Debian suite holding it         (default bookworm)
#   CC            C compiler                      (default gcc)
#
# What it does:
#   1. nothing at all if .build/cron-oracle is newer than harness.c and
#      this script (unless --force);
#   2. installs dpkg-dev / gcc with apt-get when they are missing (root);
#   3. fetches the source with `apt-get source cron=$CRON_VERSION`, using a
#      throw-away apt configuration under .build/apt/ that holds only
#      deb-src entries made from this machine's own apt sources for
#      $CRON_SUITE main (no mirror host is built in: with no such source it
#      stops and says what to add; the machine's own apt sources, lists and
#      caches are not touched); apt-get source unpacks it with dpkg-source,
#      which applies Debian's patch series (debian/patches);
#   4. checks that the do_command.c code copied into harness.c still matches
#      the downloaded do_command.c;
#   5. compiles the real entry.c, env.c and misc.c with the flags Debian's
#      package build uses (dpkg-buildflags, hardening=+all, as in
#      debian/rules) plus harness.c, links them into .build/cron-oracle;
#   6. smoke-tests the binary.
# Everything downloaded goes under test/oracle/.build/ (gitignored).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/.build"
BIN="$BUILD/cron-oracle"
HARNESS="$HERE/harness.c"
SELF="$HERE/build.sh"
CRON_VERSION="${CRON_VERSION:-3.0pl1-162}"
CRON_SUITE="${CRON_SUITE:-bookworm}"
UPSTREAM_VERSION="${CRON_VERSION%%-*}"
SRCPARENT="$BUILD/src"
SRC="$SRCPARENT/cron-$UPSTREAM_VERSION"
CC="${CC:-gcc}"

FORCE=0
PRINT_SOURCES=0
for arg in "$@"; do
	case "$arg" in
	--force) FORCE=1 ;;
	--print-sources) PRINT_SOURCES=1 ;;
	-h|--help) sed -n '2,32p' "$SELF"; exit 0 ;;
	*) echo "build.sh: unknown argument: $arg" >&2; exit 2 ;;
	esac
done

say() { printf '[oracle] %s\n' "$*"; }
die() { printf '[oracle] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; if [ $rc -ne 0 ]; then printf "[oracle] ERROR: build failed (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2; fi' ERR

# ---------------------------------------------------------------- apt sources
# Where apt reads its sources on this machine (honours APT_CONFIG).
APT_SOURCELIST=/etc/apt/sources.list
APT_SOURCEPARTS=/etc/apt/sources.list.d
if command -v apt-config >/dev/null 2>&1; then
	eval "$(apt-config shell APT_SOURCELIST Dir::Etc::sourcelist/f APT_SOURCEPARTS Dir::Etc::sourceparts/d 2>/dev/null)" || true
	APT_SOURCEPARTS="${APT_SOURCEPARTS%/}"
fi

# This machine's apt entries for $CRON_SUITE main, as "URI<TAB>SIGNED-BY"
# lines (SIGNED-BY may be empty), one per URI, in the order apt reads them:
# one-line entries from sources.list and sources.list.d/*.list, then deb822
# stanzas from sources.list.d/*.sources (only files apt itself reads, where
# apt-config says they are: Dir::Etc::sourcelist and Dir::Etc::sourceparts).  Both
# `deb` and `deb-src` entries count: a mirror that serves the binary packages
# of a suite serves its sources too.  Disabled stanzas (Enabled: no) and
# cdrom: URIs are skipped.  No host is ever made up here.
find_sources() {
	local f
	for f in "$APT_SOURCELIST" "$APT_SOURCEPARTS"/*.list; do
		[ -f "$f" ] || continue
		awk -v suite="$CRON_SUITE" '
			/^[ \t]*#/ { next }
			$1 == "deb" || $1 == "deb-src" {
				i = 2; signed = ""
				if ($2 ~ /^\[/) {            # [ options ]
					while (i <= NF) {
						if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
						if ($i ~ /\]$/) { i++; break }
						i++
					}
				}
				uri = $i; s = $(i + 1)
				main = 0
				for (j = i + 2; j <= NF; j++) { if ($j ~ /^#/) break; if ($j == "main") main = 1 }
				if (s == suite && main && uri !~ /^cdrom:/) print uri "\t" signed
			}' "$f"
	done
	for f in "$APT_SOURCEPARTS"/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$CRON_SUITE" '
			function flush(   n, k) {
				if (enabled && types ~ /(^|[ \t])deb(-src)?([ \t]|$)/ && (" " suites " ") ~ ("[ \t]" suite "[ \t]") && (" " comps " ") ~ /[ \t]main[ \t]/) {
					n = split(uris, u, /[ \t]+/)
					for (k = 1; k <= n; k++) if (u[k] != "" && u[k] !~ /^cdrom:/) print u[k] "\t" signed
				}
				types = ""; uris = ""; suites = ""; comps = ""; signed = ""; enabled = 1
			}
			BEGIN { enabled = 1 }
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { next }                 # continuation line (an inline Signed-By key)
			{
				line = $0; key = line; sub(/:.*/, "", key); val = line; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
				k = tolower(key)
				if (k == "types") types = val
				else if (k == "uris") uris = val
				else if (k == "suites") suites = val
				else if (k == "components") comps = val
				else if (k == "signed-by") signed = val
				else if (k == "enabled") enabled = (tolower(val) != "no")
			}
			END { flush() }' "$f"
	done
}

# Sets $stanzas: one deb-src stanza (deb822) per distinct URI that
# find_sources prints, with that entry's own Signed-By.  With none, stops and
# says what to add.  Progress goes to stderr (--print-sources prints $stanzas).
apt_src_stanzas() {
	local uri signed
	local -A seen=()
	stanzas=""
	while IFS=$'\t' read -r uri signed; do
		[ -n "$uri" ] || continue
		[ -z "${seen[$uri]:-}" ] || continue
		seen[$uri]=1
		# a Signed-By that is an inline key block cannot be copied as one line;
		# without one apt uses the machine's trusted keys (not redirected below)
		case "$signed" in /*) ;; *) signed="" ;; esac
		[ -z "$stanzas" ] || stanzas+=$'\n'
		stanzas+="Types: deb-src"$'\n'"URIs: $uri"$'\n'"Suites: $CRON_SUITE"$'\n'"Components: main"$'\n'
		[ -z "$signed" ] || stanzas+="Signed-By: $signed"$'\n'
		say "reusing this machine's apt source for $CRON_SUITE: $uri" >&2
	done < <(find_sources)
	[ -n "$stanzas" ] || die "no apt source for suite '$CRON_SUITE' (component main) on this machine, so there is no mirror to fetch cron's source from.
[oracle] Looked in $APT_SOURCELIST, $APT_SOURCEPARTS/*.list and $APT_SOURCEPARTS/*.sources.
[oracle] Add the Debian mirror you use for $CRON_SUITE, e.g. a file $APT_SOURCEPARTS/$CRON_SUITE.sources holding:
[oracle]     Types: deb
[oracle]     URIs: <your Debian mirror's URL>
[oracle]     Suites: $CRON_SUITE
[oracle]     Components: main
[oracle]     Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
[oracle] (or the one-line form: deb <your Debian mirror's URL> $CRON_SUITE main), then run this script again.
[oracle] Only the URI is reused, in a private apt configuration; the machine's own package lists are not changed."
}

if [ "$PRINT_SOURCES" = 1 ]; then
	apt_src_stanzas
	printf '%s' "$stanzas"
	exit 0
fi

# ---------------------------------------------------------------- 1. cache
if [ "$FORCE" = 0 ] && [ -x "$BIN" ] && [ "$BIN" -nt "$HARNESS" ] && [ "$BIN" -nt "$SELF" ]; then
	say "up to date: $BIN (newer than harness.c and build.sh; use --force to rebuild)"
	exit 0
fi

mkdir -p "$BUILD"

# ---------------------------------------------------------------- 2. tools
need_pkgs=()
command -v dpkg-source >/dev/null 2>&1 || need_pkgs+=(dpkg-dev)
command -v dpkg-buildflags >/dev/null 2>&1 || need_pkgs+=(dpkg-dev)
command -v "$CC" >/dev/null 2>&1 || need_pkgs+=(gcc libc6-dev)
[ -e /usr/include/stdio.h ] || need_pkgs+=(libc6-dev)
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script needs a Debian system"
if [ "${#need_pkgs[@]}" -gt 0 ]; then
	# de-duplicate
	mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
	[ "$(id -u)" = 0 ] || die "missing ${need_pkgs[*]} and not root: install them with apt-get install ${need_pkgs[*]}"
	say "installing missing build tools: ${need_pkgs[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends "${need_pkgs[@]}"; then
		say "apt-get install failed; running apt-get update (machine's own config) and retrying"
		apt-get update || die "apt-get update failed"
		apt-get install -y --no-install-recommends "${need_pkgs[@]}" \
			|| die "could not install ${need_pkgs[*]}"
	fi
fi

# ---------------------------------------------------------------- 3. source
have_source() {
	[ -f "$SRC/entry.c" ] && [ -f "$SRC/debian/changelog" ] \
		&& [ -f "$SRC/.oracle-source-ok" ] \
		&& head -n1 "$SRC/debian/changelog" | grep -qF "($CRON_VERSION)"
}

if have_source; then
	say "using Debian source already unpacked in ${SRC#$HERE/}"
else
	[ "$(id -u)" = 0 ] || say "warning: not root; apt-get update with a private config usually still works"
	apt_src_stanzas

	APTDIR="$BUILD/apt"
	rm -rf "$APTDIR" "$SRCPARENT"
	mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" \
		"$APTDIR/cache/archives/partial" "$SRCPARENT"
	: > "$APTDIR/sources.list"
	printf '%s' "$stanzas" > "$APTDIR/sources.list.d/cron-oracle-src.sources"
	say "temporary apt source list (${APTDIR#$HERE/}/sources.list.d/cron-oracle-src.sources):"
	sed 's/^/[oracle]     /' "$APTDIR/sources.list.d/cron-oracle-src.sources"

	# Only these paths are redirected; the machine's sources, lists, caches
	# and dpkg state are left alone.  Downloads run as root (no _apt
	# sandbox) so the checkout directory's permissions do not matter; apt
	# still verifies the Release signature and every file's hash.
	APT_OPTS=(
		-o "Dir::Etc::sourcelist=$APTDIR/sources.list"
		-o "Dir::Etc::sourceparts=$APTDIR/sources.list.d"
		-o "Dir::State::Lists=$APTDIR/lists"
		-o "Dir::Cache=$APTDIR/cache"
		-o "Dir::Cache::pkgcache="
		-o "Dir::Cache::srcpkgcache="
		-o "APT::Sandbox::User=root"
	)
	say "apt-get update (temporary config)"
	apt-get "${APT_OPTS[@]}" update >"$BUILD/apt-update.log" 2>&1 \
		|| { cat "$BUILD/apt-update.log" >&2; die "apt-get update with the temporary deb-src config failed (see above)"; }
	say "apt-get source cron=$CRON_VERSION (into ${SRCPARENT#$HERE/})"
	( cd "$SRCPARENT" && apt-get "${APT_OPTS[@]}" source "cron=$CRON_VERSION" ) >"$BUILD/apt-source.log" 2>&1 \
		|| { cat "$BUILD/apt-source.log" >&2; die "apt-get source cron=$CRON_VERSION failed (see above)"; }
	grep -E "applying|extracting|Fetched" "$BUILD/apt-source.log" | sed 's/^/[oracle]     /' || true
	[ -f "$SRC/entry.c" ] || die "apt-get source did not produce $SRC/entry.c"
	head -n1 "$SRC/debian/changelog" | grep -qF "($CRON_VERSION)" \
		|| die "unexpected version in $SRC/debian/changelog: $(head -n1 "$SRC/debian/changelog")"
	[ -f "$SRC/debian/patches/series" ] || die "no debian/patches/series in the source"
	touch "$SRC/.oracle-source-ok"
	# the package index (~20 MB) is no longer needed
	rm -rf "$APTDIR/lists" "$APTDIR/cache"
fi
# apt-get source (dpkg-source -x) applies the series; double-check it did.
n_series=$(grep -cvE '^[[:space:]]*(#|$)' "$SRC/debian/patches/series" || true)
n_applied=0
[ -f "$SRC/.pc/applied-patches" ] && n_applied=$(grep -cvE '^[[:space:]]*$' "$SRC/.pc/applied-patches" || true)
[ "$n_series" = "$n_applied" ] || die "Debian patches not all applied ($n_applied of $n_series)"
say "Debian source: cron $CRON_VERSION, $n_applied/$n_series Debian patches applied"

# ---------------------------------------------------------------- 4. copied code
# harness.c holds verbatim copies of two blocks of do_command.c (the '%'
# handling, which runs in the daemon's child and cannot be linked).  Compare
# them with the downloaded file, ignoring indentation; the only allowed
# difference is e->cmd -> cmd.
norm() { sed -e 's/^[[:space:]]*//' -e '/^$/d'; }
extract_copy() { # $1 = block name, from harness.c markers
	awk -v b="$1" '
		index($0, "ORACLE-COPY-END " b) { on = 0 }
		on { print }
		index($0, "ORACLE-COPY-BEGIN " b) { on = 1 }' "$HARNESS" | norm
}
extract_debian() { # $1 = first line (fixed string), $2 = last line (fixed string), $3 = extra lines after last
	# patterns go through ENVIRON: awk -v would interpret their backslashes
	FIRST="$1" LAST="$2" awk -v extra="$3" '
		BEGIN { first = ENVIRON["FIRST"]; last = ENVIRON["LAST"] }
		!on && index($0, first) { on = 1 }
		on { print; if (tail > 0) { tail--; if (tail == 0) exit } else if (index($0, last)) { if (extra == 0) exit; tail = extra } }' \
		"$SRC/do_command.c" | norm | sed 's/e->cmd/cmd/g'
}
check_copy() { # $1 name, $2 first, $3 last, $4 extra
	local want got
	want="$(extract_debian "$2" "$3" "$4")"
	got="$(extract_copy "$1")"
	[ -n "$want" ] || die "could not find the '$1' block in do_command.c"
	if [ "$want" != "$got" ]; then
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") >&2 || true
		die "harness.c's copy of do_command.c ('$1' block) differs from Debian's source (diff above: < Debian, > harness)"
	fi
}
check_copy split "for (input_data = p = e->cmd; (ch = *input_data);" "*p = '\\0';" 0
check_copy stdin "while ((ch = *input_data++) != '\\0') {" "if (need_newline)" 1
say "harness.c's copies of do_command.c's '%' handling match the downloaded source"

# ---------------------------------------------------------------- 5. compile
# Same flags as the Debian package build: debian/rules sets
#   DEB_BUILD_MAINT_OPTIONS = hardening=+all
#   DEB_CFLAGS_MAINT_APPEND += -Wall -Wno-unused -Wno-comment
# and the upstream Makefile adds -I. -DPOSIX $(DEFS) with
# DEFS = -DDEBUGGING=0 -DUSE_PAM -DWITH_SELINUX.  USE_PAM is only used in
# do_command.c/crontab.c and WITH_SELINUX only adds a field to 'struct
# _user' plus SELinux code in user.c/crontab.c, none of which we compile,
# so both are left out (no libpam/libselinux headers needed).
# Compiled unchanged: entry.c env.c misc.c.  Nothing is stubbed: the globals
# they need (LineNumber, ProgramName, MonthNames, DowNames...) are defined
# by Debian's cron.h itself when MAIN_PROGRAM is defined (harness.c does
# that, like cron.c).  log_it() (syslog) is the real one; load_entry()
# reaches it only on out-of-memory.
export DEB_BUILD_MAINT_OPTIONS="hardening=+all"
export DEB_CFLAGS_MAINT_APPEND="-Wall -Wno-unused -Wno-comment"
read -r -a CFLAGS_D <<<"$(cd "$SRC" && dpkg-buildflags --get CFLAGS)"
read -r -a CPPFLAGS_D <<<"$(cd "$SRC" && dpkg-buildflags --get CPPFLAGS)"
read -r -a LDFLAGS_D <<<"$(cd "$SRC" && dpkg-buildflags --get LDFLAGS)"
DEFS=(-I. -DPOSIX -DDEBUGGING=0)
OBJ="$BUILD/obj"
rm -rf "$OBJ"
mkdir -p "$OBJ"
LOG="$BUILD/compile.log"
: > "$LOG"
say "compiler: $("$CC" --version | head -n1)"
say "CPPFLAGS: ${CPPFLAGS_D[*]} ${DEFS[*]}"
say "CFLAGS:   ${CFLAGS_D[*]}"
for f in entry env misc; do
	say "compiling Debian's $f.c"
	( cd "$SRC" && "$CC" "${CPPFLAGS_D[@]}" "${CFLAGS_D[@]}" "${DEFS[@]}" -c "$f.c" -o "$OBJ/$f.o" ) >>"$LOG" 2>&1 \
		|| { cat "$LOG" >&2; die "compiling $f.c failed"; }
done
say "compiling harness.c"
( cd "$SRC" && "$CC" "${CPPFLAGS_D[@]}" "${CFLAGS_D[@]}" "${DEFS[@]}" -c "$HARNESS" -o "$OBJ/harness.o" ) >>"$LOG" 2>&1 \
	|| { cat "$LOG" >&2; die "compiling harness.c failed"; }
say "linking (with -Wl,--wrap=getpwnam, see harness.c)"
"$CC" "${LDFLAGS_D[@]}" -Wl,--wrap=getpwnam -o "$BIN.tmp" \
	"$OBJ/harness.o" "$OBJ/entry.o" "$OBJ/env.o" "$OBJ/misc.o" >>"$LOG" 2>&1 \
	|| { cat "$LOG" >&2; die "linking failed"; }
nwarn=$(grep -c 'warning:' "$LOG" || true)
if [ "$nwarn" -gt 0 ]; then
	say "$nwarn compiler warning(s), all listed in ${LOG#$HERE/}:"
	grep 'warning:' "$LOG" | sed 's/^/[oracle]     /'
fi

# ---------------------------------------------------------------- 6. smoke test
got="$(printf '%s\n' '*/20 1 * * mon-fri' | "$BIN.tmp" schedule)"
want='{"input":"*/20 1 * * mon-fri","ok":true,"kind":"entry","minute":[0,20,40],"hour":[1],"dom":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31],"month":[1,2,3,4,5,6,7,8,9,10,11,12],"dow":[1,2,3,4,5],"domStar":true,"dowStar":false,"reboot":false,"minStar":true,"hrStar":false,"flags":{"DOM_STAR":true,"DOW_STAR":false,"WHEN_REBOOT":false,"MIN_STAR":true,"HR_STAR":false,"raw":9}}'
[ "$got" = "$want" ] || die "smoke test failed: got $got"
got="$(printf '%s\n' '5x * * * * root true' | "$BIN.tmp" line)"
case "$got" in *'"ok":false'*'"error":"bad minute"'*) ;; *) die "smoke test failed: got $got" ;; esac
mv -f "$BIN.tmp" "$BIN"
say "built $BIN"
say "try: echo '0 4 * * 1-5' | ${BIN#$PWD/} schedule"
