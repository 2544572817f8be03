#!/usr/bin/env bash
# Runs the remaining documented commands (README, CONTRIBUTING.md) the way a reader would, each checked by what it must
# produce. (npm test and npm run demo run in .ci/run itself.) soak, bench and bench:queue run in
# their short form (--short: fewer items and runs, the same checks), bench:trigger in its --quick
# form; their full form is for hand runs and the figures in docs/ (CONTRIBUTING.md says which is
# which).
set -euo pipefail
cd "$(dirname "$0")/.."
# Whatever happens, leave nothing running. Each background command runs in its own process group
# (setsid), so that a stop reaches npm and every process under it, as Ctrl-C does in a terminal.
trap 'for job in $(jobs -p); do kill -TERM -- "-$job" 2>/dev/null || true; done' EXIT

# Each section's duration, printed when the next one begins and at the end.
section_name='' section_started=$SECONDS
begin() { # name
	[ -z "$section_name" ] || echo "== $section_name: $((SECONDS - section_started)) s"
	section_name=$1 section_started=$SECONDS
	[ -z "$1" ] || echo "== $1"
}

wait_for() { # url, seconds, [status]: until it answers (with that status, when given)
	for _ in $(seq 1 "$2"); do
		code=$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)
		if [ -n "${3:-}" ]; then [ "$code" = "$3" ] && return 0; else [ "$code" != "000" ] && return 0; fi
		sleep 1
	done
	echo "no answer from $1 after $2 s" >&2; return 1
}

begin "npm run simulator"
setsid npm run simulator -- --port 8799 > /tmp/nextauth-simulator.log 2>&1 &
simulator=$!
wait_for http://127.0.0.1:8799/ 30
curl -fsS -H 'X-apikey: sim-key-all' -H 'X-nonce: readme' 'http://127.0.0.1:8799/servers/sim%2BServer%2F0001%3D/sessions/' | grep -q '"loggedin":false'
kill -TERM -- "-$simulator"; wait "$simulator" || true
if [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8799/)" != "000" ]; then
	echo "the simulator is still running after its stop" >&2
	exit 1
fi

begin "npm run dev (editor up, then Ctrl-C)"
# A background job of a script ignores SIGINT: SIGTERM to its group stands in (dev.js handles both).
setsid npm run dev > /tmp/nextauth-dev.log 2>&1 &
dev=$!
wait_for http://localhost:5678/healthz/readiness 600 200
wait_for http://localhost:5678/ 60 200
# dev.js sets up the owner and imports the examples after n8n is ready, then says how to log in
for _ in $(seq 1 120); do grep -q 'Ctrl-C stops n8n and the simulator' /tmp/nextauth-dev.log && break; sleep 1; done
grep -q 'owner@example.com' /tmp/nextauth-dev.log
kill -TERM -- "-$dev"
for _ in $(seq 1 60); do kill -0 "$dev" 2>/dev/null || break; sleep 1; done
sleep 2
if [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:5678/healthz)" != "000" ]; then
	echo "n8n still running after Ctrl-C" >&2
	exit 1
fi
grep -q 'Stopping n8n and the simulator' /tmp/nextauth-dev.log

begin "npm run soak -- --short"
npm run soak -- --short | tee /tmp/nextauth-soak.log
grep -q 'items out           2000 (each paired with its input, in order)' /tmp/nextauth-soak.log
grep -q 'Soak passed.' /tmp/nextauth-soak.log

begin "npm run bench -- --short"
npm run bench -- --short | tee /tmp/nextauth-bench.log
grep -q '1000 PNGs' /tmp/nextauth-bench.log

begin "npm run bench:queue -- --short"
npm run bench:queue -- --short | tee /tmp/nextauth-bench-queue.log
grep -q 'two workers' /tmp/nextauth-bench-queue.log
grep -q 'regular mode' /tmp/nextauth-bench-queue.log

begin "npm run bench:trigger -- --quick"
# The short form (10,000 accounts); the figures in docs/performance.md are the full form's.
npm run bench:trigger -- --quick | tee /tmp/nextauth-bench-trigger.log
grep -q 'accountBlockChange, 10,000 accounts, page size 500' /tmp/nextauth-bench-trigger.log
begin ""
