#!/usr/bin/env bash
# Plants each of issue 27's four bugs in a copy of this tree and runs the fuzz that must catch it,
# with the CI seeds and the CI amounts (test/fuzz/config.ts), the regression cases skipped: shows
# that the fuzz itself, not a stored case or a unit test, stands guard over each promise.
#
#   a  the one-poll-at-a-time guard removed (two overlapping polls both run)   FUZZ_PROPERTY=trigger
#   b  a POST sent again after a 503 (the write may have been made)            FUZZ_PROPERTY=sessions,admin
#   c  PAGE_OVERLAP = 0 (the trigger's pages no longer overlap)                FUZZ_PROPERTY=trigger
#   d  percent-decoding removed from redaction                                 FUZZ_PROPERTY=sessions,admin
#
# Usage: bash scripts/planted-bugs.sh [a b c d]   (default: all four, one after another)
# Prints, per bug, caught or survived, with the class, seed and case number (1-based, before
# shrinking) of each catch and the seconds it took; exits non-zero if any bug survives (or
# cannot be planted: the text it replaces must be found exactly once). Shrinking is cut to
# FUZZ_SHRINK_MS (default here 3000 ms): it does not change what is caught, only how small.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bugs=("$@")
[ ${#bugs[@]} -gt 0 ] || bugs=(a b c d)
logs=${PLANTED_BUGS_LOGS:-$root/test-output/planted-bugs}
mkdir -p "$logs"

# bug: title | file | property | expected class (a prefix; empty: any) | text | replacement
describe_bug() {
	case $1 in
	a)
		title='one-poll-at-a-time guard removed'
		file=nodes/NextAuthTrigger/helpers/polls.ts
		property=trigger
		expected=''
		from=$'\tif (running.has(key)) return null;\n'
		to=''
		;;
	b)
		title='POST sent again after a 503'
		file=nodes/shared/transport/retry.ts
		property=sessions,admin
		expected='side-effect:'
		from=$'export function shouldRetry(statusCode: number, idempotent: boolean): boolean {\n\treturn statusCode === 429 || (statusCode === 503 && idempotent);'
		to=$'export function shouldRetry(statusCode: number, _idempotent: boolean): boolean {\n\treturn statusCode === 429 || statusCode === 503;'
		;;
	c)
		title='PAGE_OVERLAP = 0'
		file=nodes/NextAuthTrigger/helpers/accounts.ts
		property=trigger
		expected=''
		from='export const PAGE_OVERLAP = 10;'
		to='export const PAGE_OVERLAP = 0;'
		;;
	d)
		title='percent-decoding removed from redaction'
		file=nodes/shared/transport/redaction.ts
		property=sessions,admin
		expected='key-leak:'
		from="const LAYER_KINDS: readonly Layer[] = ['json', 'percent', 'html'];"
		to="const LAYER_KINDS: readonly Layer[] = ['json', 'html'];"
		;;
	*)
		echo "unknown planted bug '$1' (a, b, c or d)" >&2
		exit 2
		;;
	esac
}

results=()
failed=0
for bug in "${bugs[@]}"; do
	describe_bug "$bug"
	started=$SECONDS
	copy=$(mktemp -d /tmp/nextauth-planted-$bug.XXXXXX)
	tar -C "$root" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./test-output -cf - . | tar -C "$copy" -xf -
	ln -s "$root/node_modules" "$copy/node_modules"
	# The bug: one exact replacement, or a loud failure (the code moved on and the script must too).
	FROM=$from TO=$to node -e '
		const fs = require("node:fs");
		const [file] = process.argv.slice(1);
		const text = fs.readFileSync(file, "utf8");
		const count = text.split(process.env.FROM).length - 1;
		if (count !== 1) {
			console.error(`planted bug: the text to replace occurs ${count} times in ${file} (once expected):\n${process.env.FROM}`);
			process.exit(1);
		}
		fs.writeFileSync(file, text.replace(process.env.FROM, () => process.env.TO));
	' "$copy/$file" || { results+=("$bug  $title: NOT PLANTED (text not found)"); failed=1; rm -rf "$copy"; continue; }
	log="$logs/$bug.log"
	echo "== planted bug $bug ($title) in $copy; log: $log" >&2
	set +e
	(cd "$copy" && env -u FUZZ_SEED -u FUZZ_RUNS -u FUZZ_PATH -u FUZZ_IGNORE -u FUZZ_MODE -u FUZZ_CASE \
		FUZZ_PROPERTY="$property" FUZZ_REGRESSIONS=skip FUZZ_SHRINK_MS="${FUZZ_SHRINK_MS:-3000}" \
		npm run fuzz) >"$log" 2>&1
	status=$?
	set -e
	rm -rf "$copy"
	seconds=$((SECONDS - started))
	# Each catch: its seed, path (the first number is the case's index) and class or first problem.
	catches=$(node -e '
		const text = require("node:fs").readFileSync(process.argv[1], "utf8");
		const expected = process.argv[2];
		const catches = [];
		for (const match of text.matchAll(/The fuzz found a violation: (\S+)\n\s+property (\w+), seed (\d+), path ([\d:]+)/g)) {
			const [, cls, property, seed, path] = match;
			catches.push({ seed, index: Number(path.split(":")[0]), what: `${property} ${cls}`, ok: cls.startsWith(expected) });
		}
		for (const match of text.matchAll(/the trigger broke its invariants \(seed (\d+), path ([\d:]+)\)[^\n]*\n([^\n]*)/g)) {
			const [, seed, path, problem] = match;
			catches.push({ seed, index: Number(path.split(":")[0]), what: `trigger: ${problem.replace(/^\s*/, "").slice(0, 110)}`, ok: true });
		}
		const good = catches.filter((each) => each.ok);
		console.log(good.length > 0 ? "caught" : catches.length > 0 ? "other" : "survived");
		for (const each of catches) console.log(`seed ${each.seed} case ${each.index + 1}: ${each.what}${each.ok ? "" : " (not the expected class)"}`);
	' "$log" "$expected")
	verdict=$(head -1 <<<"$catches")
	details=$(tail -n +2 <<<"$catches" | sed 's/^/      /')
	if [ "$verdict" = caught ]; then
		results+=("$bug  $title: CAUGHT in ${seconds} s"$'\n'"$details")
	elif grep -q "error TS\|Build failed\|npm ERR" "$log" && ! grep -q "Tests:" "$log"; then
		results+=("$bug  $title: BUILD FAILED (see $log)")
		failed=1
	else
		results+=("$bug  $title: SURVIVED (fuzz exit $status, ${seconds} s)${details:+$'\n'}$details")
		failed=1
	fi
	echo "${results[-1]}" >&2
done

echo "== planted bugs (CI seeds and amounts, regressions skipped)"
printf '%s\n' "${results[@]}"
exit $failed
