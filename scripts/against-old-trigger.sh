#!/usr/bin/env bash
# Runs a command of this tree (its tests, fuzz and simulator) against the NextAuth Trigger of an
# earlier commit, in a copy: shows that the nets catch what they claim to catch on the code they
# were written against. The default commit is the last trigger before it read lists in a total
# order (issue 26). Usage:
#   bash scripts/against-old-trigger.sh [commit] -- npx jest test/nodes/NextAuthTrigger
#   bash scripts/against-old-trigger.sh -- env FUZZ_PROPERTY=trigger npm run fuzz
set -euo pipefail
commit=6d3e578
if [ "${1:-}" != "--" ]; then commit=$1; shift; fi
[ "${1:-}" = "--" ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
copy=$(mktemp -d /tmp/nextauth-old-trigger.XXXXXX)
trap 'rm -rf "$copy"' EXIT
tar -C "$root" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./test-output -cf - . | tar -C "$copy" -xf -
ln -s "$root/node_modules" "$copy/node_modules"
rm -rf "$copy/nodes/NextAuthTrigger"
git -C "$root" archive "$commit" nodes/NextAuthTrigger | tar -C "$copy" -xf -
echo "NextAuth Trigger of $commit, in $copy" >&2
cd "$copy"
npm run --silent build
"$@"
