#!/usr/bin/env bash
# Fetches the preview runtime (React, ReactDOM, Babel standalone, Tailwind's browser build) and the
# renderer's accessibility checker (axe-core) from the npm registry with `npm pack` and vendors the
# pinned files into static/vendor/.
#
#   scripts/vendor-runtime.sh           fetch, copy the files and their LICENSEs, rewrite SHA256SUMS
#   scripts/vendor-runtime.sh --check   fetch and verify: the tarballs' files and the files on disk
#                                       must both match static/vendor/SHA256SUMS (exit 1 if not)
#
# What is vendored (package, version, file inside the tarball, vendored name) lives in one place,
# static/vendor/runtime.json; converters/preview.py reads the same file. To refresh: edit the
# versions and file names there, run this script, run the preview tests, commit.
# Talks to nothing but the npm registry; works in a temporary directory; safe to run repeatedly.
set -euo pipefail

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/static/vendor"
manifest="$vendor/runtime.json"
sums="$vendor/SHA256SUMS"
command -v npm >/dev/null || { echo "vendor-runtime: npm is needed (it fetches the packages)." >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/out"

# One line per entry: package, version, file in the tarball, vendored name, vendored licence name,
# and the third-party notices file in the tarball and its vendored name ("-" when there is none:
# axe-core's bundle includes other projects' code, whose licences it ships separately).
node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const e of Object.values(m)) {
    const row = [e.package, e.version, e.source, e.file, e.license, e.notice_source || "-", e.notice || "-"];
    console.log(row.join("\t"));
  }
' "$manifest" >"$tmp/entries.tsv"

while IFS=$'\t' read -r package version source file license notice_source notice; do
  tarball=$(cd "$tmp" && npm pack --silent --ignore-scripts --cache "$tmp/npm-cache" "$package@$version" | tail -n 1)
  unpacked="$tmp/unpacked/$file"
  mkdir -p "$unpacked"
  tar -xzf "$tmp/$tarball" -C "$unpacked"
  cp "$unpacked/package/$source" "$tmp/out/$file"
  cp "$unpacked/package/LICENSE" "$tmp/out/$license"
  [ "$notice" = - ] || cp "$unpacked/package/$notice_source" "$tmp/out/$notice"
  echo "fetched $package@$version: $source -> $file" >&2
done <"$tmp/entries.tsv"

(cd "$tmp/out" && LC_ALL=C ls | xargs sha256sum --) >"$tmp/SHA256SUMS"

if [ "$mode" = check ]; then
  status=0
  if ! diff -u "$sums" "$tmp/SHA256SUMS" >&2; then
    echo "vendor-runtime: the registry's files differ from static/vendor/SHA256SUMS (above)." >&2
    status=1
  fi
  if ! (cd "$vendor" && sha256sum --check --quiet SHA256SUMS) >&2; then
    echo "vendor-runtime: files in static/vendor/ differ from SHA256SUMS; run $0 to restore them." >&2
    status=1
  fi
  [ "$status" = 0 ] && echo "vendor-runtime: static/vendor/ matches the npm registry and SHA256SUMS." >&2
  exit "$status"
fi

# Remove files an earlier SHA256SUMS listed that this manifest no longer vendors (old versions).
if [ -f "$sums" ]; then
  while read -r _ old; do
    [ -e "$tmp/out/$old" ] || rm -f "$vendor/$old"
  done <"$sums"
fi
cp "$tmp/out/"* "$vendor/"
cp "$tmp/SHA256SUMS" "$sums"
echo "vendor-runtime: wrote $(wc -l <"$sums") files and SHA256SUMS to static/vendor/." >&2
