#!/usr/bin/env bash
# Runs the README's remaining commands the way a reader would, each checked by what it must
# produce. (npm test and npm run demo run in .ci/run itself.)
set -euo pipefail
cd "$(dirname "$0")/.."

wait_for() { # url, seconds: until it answers at all, with any status
	for _ in $(seq 1 "$2"); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" != "000" ] && return 0
		sleep 1
	done
	echo "no answer from $1 after $2 s" >&2; return 1
}

echo "== npm run simulator"
npm run simulator -- --port 8799 > /tmp/nextauth-simulator.log 2>&1 &
simulator=$!
wait_for http://127.0.0.1:8799/ 30
curl -fsS -H 'X-apikey: sim-key-all' -H 'X-nonce: readme' 'http://127.0.0.1:8799/servers/sim%2BServer%2F0001%3D/sessions/' | grep -q '"loggedin":false'
kill -INT "$simulator"; wait "$simulator" || true

echo "== npm run dev (editor up, then Ctrl-C)"
npm run dev > /tmp/nextauth-dev.log 2>&1 &
dev=$!
wait_for http://localhost:5678/healthz/readiness 600
curl -fsS http://localhost:5678/ | grep -qi '<html'
grep -q 'owner@example.com' /tmp/nextauth-dev.log
kill -INT "$dev"
# npm forwards the signal to the script, which stops n8n and the simulator
for _ in $(seq 1 60); do kill -0 "$dev" 2>/dev/null || break; sleep 1; done
if [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:5678/healthz)" != "000" ]; then
	echo "n8n still running after Ctrl-C" >&2
	exit 1
fi

echo "== npm run soak"
npm run soak | tee /tmp/nextauth-soak.log
grep -q 'items out           10000 (each paired with its input, in order)' /tmp/nextauth-soak.log

echo "== npm run bench"
npm run bench | tee /tmp/nextauth-bench.log
grep -q '10000 PNGs' /tmp/nextauth-bench.log
