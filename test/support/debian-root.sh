#!/usr/bin/env bash
# Makes the tarball of a clean Debian root for the end-to-end tests, unless it is there:
# `debootstrap --variant=minbase SUITE` from MIRROR, then `apt-get install
# --no-install-recommends PACKAGES` inside it (chrooted, in private mount and pid namespaces:
# nothing is mounted or started on this machine), apt's lists and caches emptied.
# test/support/debian-root.ts calls it under flock on the cache folder (one maker at a time),
# with the mirror this machine's apt uses and TARBALL named by a hash of all the arguments.
# Usage: debian-root.sh TARBALL SUITE MIRROR KEYRING|"" "PACKAGE..."
# The root is built beside TARBALL and renamed into place, so a TARBALL that exists is whole;
# what a killed maker left (*.building) is removed by the next one.
set -euo pipefail
tarball=$1 suite=$2 mirror=$3 keyring=$4 packages=$5
[ -s "$tarball" ] && exit 0
cache=$(dirname "$tarball")
rm -rf "$cache"/*.building
build=$(mktemp -d "$tarball.XXXXXX.building")
trap 'rm -rf "$build"' EXIT
debootstrap --variant=minbase ${keyring:+"--keyring=$keyring"} "$suite" "$build/root" "$mirror"
# Debian's convention for chroots: maintainer scripts start no daemon (cron's postinst would).
printf '#!/bin/sh\n# No daemon starts in this root: the tests start what they need.\nexit 101\n' >"$build/root/usr/sbin/policy-rc.d"
chmod 0755 "$build/root/usr/sbin/policy-rc.d"
unshare --mount --propagation private --pid --fork --kill-child --mount-proc="$build/root/proc" \
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C DEBIAN_FRONTEND=noninteractive \
	chroot "$build/root" sh -ec "apt-get update -q; apt-get install -y -q --no-install-recommends $packages; apt-get clean; rm -rf /var/lib/apt/lists/*"
tar --numeric-owner -C "$build/root" -cf "$build/root.tar" .
mv "$build/root.tar" "$tarball"
echo "debian-root.sh: made $tarball"
