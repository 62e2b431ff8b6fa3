#!/usr/bin/env bash
# libchdb.sh — fetch the chDB engine (libchdb.so) for the embedded ClickHouse store.
#
# The library ships in the npm package @chdb/lib-linux-x64-gnu. We pin its version
# and the sha256 of the tarball, unpack it into a cache directory outside the repo,
# and print the path of libchdb.so. TrustWatch finds it there (or via CHDB_LIB_PATH).
#
# usage: deploy/local/libchdb.sh [path]   # "path" prints the library path only
set -euo pipefail

VERSION="${CHDB_NPM_VERSION:-26.7.3-stable.1}"
SHA256="${CHDB_NPM_SHA256:-c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad}"
CACHE="${TRUSTWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trustwatch}"
DEST="$CACHE/libchdb/$VERSION"
LIB="$DEST/libchdb.so"

if [ "${1:-}" = "path" ]; then echo "$LIB"; exit 0; fi
if [ -s "$LIB" ]; then echo "$LIB"; exit 0; fi

command -v npm >/dev/null || { echo "libchdb.sh: npm not found (needed to fetch @chdb/lib-linux-x64-gnu)" >&2; exit 1; }
mkdir -p "$DEST"
tmp=$(mktemp -d "$CACHE/libchdb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "libchdb.sh: fetching @chdb/lib-linux-x64-gnu@$VERSION (about 180 MB)…" >&2
(cd "$tmp" && npm pack --silent "@chdb/lib-linux-x64-gnu@$VERSION" >/dev/null)
tgz=$(ls "$tmp"/*.tgz)
got=$(sha256sum "$tgz" | cut -d' ' -f1)
if [ "$got" != "$SHA256" ]; then
  echo "libchdb.sh: sha256 mismatch for $(basename "$tgz"): got $got, want $SHA256" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$tmp"
so=$(find "$tmp/package" -name 'libchdb.so' | head -1)
[ -n "$so" ] || { echo "libchdb.sh: libchdb.so not found in the package" >&2; exit 1; }
mv "$so" "$LIB.part" && mv "$LIB.part" "$LIB"
echo "$LIB"
