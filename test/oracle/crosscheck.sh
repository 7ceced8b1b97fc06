#!/usr/bin/env bash
# Cross-check the oracle against the installed Debian crontab(1):
# for every schedule S, `crontab -n` (dry-run syntax check of a user crontab)
# is run on a file holding "S true", and its accept/reject verdict is compared
# with `cron-oracle schedule` on S.
#
# Usage: test/oracle/crosscheck.sh < schedules.txt      (one schedule a line)
#        test/oracle/crosscheck.sh --random N [SEED]   (N generated schedules)
#
# Needs the cron package installed (crontab -n is Debian's dry-run patch) and
# the oracle built.  Lines the oracle rejects with errorSource "harness"
# (comments, env assignments, more than 5 fields) are skipped: crontab(1)
# reads a user crontab, where a 6th field is part of the command.
# Exit status: 0 when every compared schedule agrees, 1 otherwise.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${CRON_ORACLE:-$HERE/.build/cron-oracle}"
[ -x "$BIN" ] || { echo "crosscheck: oracle not built; run $HERE/build.sh" >&2; exit 2; }
command -v crontab >/dev/null || { echo "crosscheck: crontab not installed (apt-get install cron)" >&2; exit 2; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

if [ "${1:-}" = "--random" ]; then
	n="${2:?--random needs a count}"
	seed="${3:-1}"
	# Mostly well-formed fields (so both verdicts occur), with some
	# out-of-range numbers, names, stray characters and empty items mixed in.
	awk -v n="$n" -v seed="$seed" '
	function num(f) {
		r = rand()
		if (r < 0.85) return lo[f] + int(rand() * (hi[f] - lo[f] + 1))
		if (r < 0.9) return hi[f] + 1
		if (r < 0.93) return lo[f] - 1 < 0 ? "00" : lo[f] - 1
		if (r < 0.96) return "0" (lo[f] + int(rand() * (hi[f] - lo[f] + 1)))
		return 4294967296 + lo[f] + 1
	}
	function val(f) {
		if (f == 4 && rand() < 0.3) return mon[1 + int(rand() * 14)]
		if (f == 5 && rand() < 0.3) return dow[1 + int(rand() * 11)]
		return num(f)
	}
	function item(f,   r, it) {
		r = rand()
		if (r < 0.2) it = "*"
		else if (r < 0.55) it = val(f)
		else it = val(f) "-" val(f)
		if (rand() < 0.25) it = it "/" (rand() < 0.1 ? (rand() < 0.5 ? 0 : "x") : 1 + int(rand() * 40))
		if (rand() < 0.05) it = it junk[1 + int(rand() * 9)]
		if (rand() < 0.02) it = ""
		return it
	}
	BEGIN {
		srand(seed)
		lo[1] = 0; hi[1] = 59; lo[2] = 0; hi[2] = 23; lo[3] = 1; hi[3] = 31
		lo[4] = 1; hi[4] = 12; lo[5] = 0; hi[5] = 7
		split("jan feb mar dec JAN Feb sep oct nov jun may xyz mon june", mon, " ")
		split("sun mon tue sat SUN Fri thu wed jan sunday x", dow, " ")
		split("# ? ; . + ! L W x", junk, " ")
		for (k = 0; k < n; k++) {
			line = ""
			for (f = 1; f <= 5; f++) {
				field = ""
				items = rand() < 0.7 ? 1 : 2 + int(rand() * 2)
				for (i = 0; i < items; i++)
					field = field (i ? "," : "") item(f)
				line = line (f > 1 ? (rand() < 0.1 ? "\t" : " ") : "") field
			}
			print line
		}
	}' > "$TMP/in.txt"
else
	cat > "$TMP/in.txt"
fi

"$BIN" schedule < "$TMP/in.txt" > "$TMP/oracle.jsonl"

agree=0; accepted=0; differ=0; skipped=0; i=0
while IFS= read -r s && IFS= read -r o <&3; do
	i=$((i + 1))
	case "$o" in
	*'"errorSource":"harness"'*) skipped=$((skipped + 1)); continue ;;
	*'"ok":true'*) ov=accept ;;
	*) ov=reject ;;
	esac
	printf '%s true\n' "$s" > "$TMP/tab"
	if crontab -n "$TMP/tab" >"$TMP/out" 2>&1; then cv=accept; else cv=reject; fi
	if [ "$ov" = "$cv" ]; then
		agree=$((agree + 1))
		[ "$ov" = accept ] && accepted=$((accepted + 1))
	else
		differ=$((differ + 1))
		printf 'DIFFER #%d %q: oracle %s, crontab -n %s: %s\n' "$i" "$s" "$ov" "$cv" "$(tr '\n' ' ' < "$TMP/out")"
	fi
done < "$TMP/in.txt" 3< "$TMP/oracle.jsonl"

echo "crosscheck: $agree agree ($accepted accepted and $((agree - accepted)) rejected by both), $differ differ, $skipped skipped (not a 5-field schedule)"
[ "$differ" = 0 ]
