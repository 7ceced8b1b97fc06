#!/usr/bin/env bash
# Prints the path of a wrapper that runs Debian 12's own node 18 (nodejs
# 18.20.4+dfsg from bookworm), unpacked from Debian's packages into a cache
# folder, without installing it over this machine's node. Debian's node loads
# its unbundled builtins from /usr/share/nodejs, so the wrapper runs it in a
# private mount namespace with that folder bound there. Needs root and apt.
# Usage: test/support/debian-node18.sh [CACHE_DIR]
set -euo pipefail
cache=${1:-/var/cache/cronpack-test/node18}
root=$cache/root
wrapper=$cache/node
if [ ! -x "$wrapper" ]; then
	mkdir -p "$cache/debs" "$root"
	cd "$cache/debs"
	# The runtime closure of Debian's nodejs that a stock box has (libc, libssl, libicu, zlib are on every box already).
	apt-get download -qq nodejs/bookworm libnode108/bookworm libuv1 libc-ares2 libbrotli1 node-acorn node-cjs-module-lexer node-undici >/dev/null 2>&1 ||
		apt-get download nodejs/bookworm-security libnode108/bookworm-security libuv1 libc-ares2 libbrotli1 node-acorn node-cjs-module-lexer node-undici
	for deb in ./*.deb; do dpkg-deb -x "$deb" "$root"; done
	cat >"$wrapper.tmp" <<WRAP
#!/bin/sh
# Debian 12's node $(dpkg-deb -f "$cache"/debs/nodejs_*.deb Version), unpacked in $root.
[ -d /usr/share/nodejs ] || mkdir -p /usr/share/nodejs
exec unshare --mount sh -c 'mount --bind "\$0/usr/share/nodejs" /usr/share/nodejs && LD_LIBRARY_PATH="\$0/usr/lib/x86_64-linux-gnu" exec "\$0/usr/bin/node" "\$@"' "$root" "\$@"
WRAP
	chmod +x "$wrapper.tmp"
	mv "$wrapper.tmp" "$wrapper"
fi
"$wrapper" --version >/dev/null
echo "$wrapper"
