// `npm run test:e2e`: the end-to-end suites (test/e2e/), in two Jest processes side by side.
// The trigger's suites spend their time waiting for n8n's polls (an n8n idle between them), so
// they run in one process while the other suites run one after another in the other, the editor
// check last (it waits on a browser: it gets the machine once the other suites' n8n instances
// have started). Each process starts its own n8n; n8n is installed once, before either starts.
//   node scripts/e2e.js [file.e2e.ts …] [-- jest options]
// Files named are run two at a time, each in its own process. Each line printed is prefixed with
// its process's name; the exit code is the first failing process's.
'use strict';

const { execFileSync, spawn } = require('node:child_process');
const { readdirSync } = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const E2E = path.join(ROOT, 'test/e2e');
/** The suites that wait on n8n's polls: one process for them. */
const POLLING = ['trigger.e2e.ts', 'trigger-security.e2e.ts'];
/** Run last in its process: the browser's waits are the ones a busy machine stretches. */
const LAST = ['editor.e2e.ts'];

const separator = process.argv.indexOf('--');
const args = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const jestOptions = separator === -1 ? [] : process.argv.slice(separator + 1);

/** The processes to run: each a name and the test files it runs in order. */
function plan() {
	if (args.length > 0) {
		return args.map((file) => ({ name: path.basename(file, '.e2e.ts'), files: [path.resolve(ROOT, file)] }));
	}
	const all = readdirSync(E2E)
		.filter((file) => file.endsWith('.e2e.ts'))
		.sort();
	const rest = all.filter((file) => !POLLING.includes(file));
	const ordered = [...rest.filter((file) => !LAST.includes(file)), ...rest.filter((file) => LAST.includes(file))];
	return [
		{ name: 'polls', files: all.filter((file) => POLLING.includes(file)).map((file) => path.join(E2E, file)) },
		{ name: 'suites', files: ordered.map((file) => path.join(E2E, file)) },
	].filter((group) => group.files.length > 0);
}

/** Runs one Jest process over `files` in the given order; resolves with its exit code. */
function runGroup({ name, files }) {
	const child = spawn(
		process.execPath,
		[require.resolve('jest/bin/jest'), '-c', 'jest.e2e.config.js', ...jestOptions, '--runTestsByPath', ...files],
		{
			cwd: ROOT,
			// test/e2e/sequencer.js runs the files in this order.
			env: { ...process.env, NEXTAUTH_E2E_ORDER: files.join(path.delimiter) },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	for (const stream of [child.stdout, child.stderr]) {
		readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
	}
	return new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main() {
	// n8n and its Node, installed once before the processes start (each would otherwise race to).
	execFileSync('bash', [path.join(E2E, 'n8n-runtime.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
	const groups = plan();
	const codes = [];
	// At most two processes at a time: two n8n instances on 2 cores.
	const queue = [...groups];
	const worker = async () => {
		for (let group = queue.shift(); group; group = queue.shift()) codes.push(await runGroup(group));
	};
	await Promise.all([worker(), worker()]);
	process.exitCode = codes.find((code) => code !== 0) ?? 0;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
