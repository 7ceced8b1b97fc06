#!/usr/bin/env bash
# Prints the path of a wrapper that runs Debian 12's own node 18 (nodejs
# 18.20.4+dfsg from bookworm), unpacked from Debian's packages into a cache
# folder, without installing it over this machine's node. Debian's node loads
# its unbundled builtins from /usr/share/nodejs, so the wrapper runs it in a
# private mount namespace where that folder is the unpacked one: /usr/share is
# overlaid (read-only) so the mount point exists there without creating
# anything on this machine. Needs root and apt (apt-get download only: nothing
# is installed, the dpkg database is not touched).
# Usage: test/support/debian-node18.sh [CACHE_DIR]
# The cache defaults to the system temp dir, so it is kept between runs.
set -euo pipefail
cache=${1:-${TMPDIR:-/tmp}/cronpack-test-cache/node18}
root=$cache/root
wrapper=$cache/node
mkdir -p "$cache"
# Two test files may ask at once: one fills the cache, the other waits.
exec 9>"$cache/.lock"
flock 9
if [ ! -x "$wrapper" ]; then
	rm -rf "$cache/debs" "$root"
	mkdir -p "$cache/debs" "$root"
	cd "$cache/debs"
	# The runtime closure of Debian's nodejs that a stock box has (libc, libssl, libicu, zlib are on every box already).
	apt-get download -qq nodejs/bookworm libnode108/bookworm libuv1 libc-ares2 libbrotli1 node-acorn node-cjs-module-lexer node-undici >/dev/null 2>&1 ||
		apt-get download nodejs/bookworm-security libnode108/bookworm-security libuv1 libc-ares2 libbrotli1 node-acorn node-cjs-module-lexer node-undici
	for deb in ./*.deb; do dpkg-deb -x "$deb" "$root"; done
	cat >"$wrapper.tmp" <<WRAP
#!/bin/sh
# Debian 12's node $(dpkg-deb -f "$cache"/debs/nodejs_*.deb Version), unpacked in $root.
# In a private mount namespace: when this machine has no /usr/share/nodejs, /usr/share
# overlaid (read-only) with the unpacked one, so that the folder exists there without
# creating it here; then the unpacked /usr/share/nodejs bound over it, whole.
exec unshare --mount --propagation private sh -c '{ [ -d /usr/share/nodejs ] || mount -t overlay overlay -o "lowerdir=/usr/share:\$0/usr/share" /usr/share; } && mount --bind "\$0/usr/share/nodejs" /usr/share/nodejs && LD_LIBRARY_PATH="\$0/usr/lib/x86_64-linux-gnu" exec "\$0/usr/bin/node" "\$@"' "$root" "\$@"
WRAP
	chmod +x "$wrapper.tmp"
	mv "$wrapper.tmp" "$wrapper"
fi
"$wrapper" --version >/dev/null
echo "$wrapper"
