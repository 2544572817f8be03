// npm run bench:compare -- --base <git revision> — the package as it is next to the package at an
// earlier revision, inside the same real n8n (N8N_VERSION, 2.41.1 unless set) against the same
// simulator, side by side in one run: what a change to the code did to its speed.
// Each revision is built and packed (the earlier one from `git archive`, with this checkout's
// node_modules) and installed into its own n8n user folder; the workloads then run in turns,
// earlier revision first, so that neither meets a warmer simulator or a quieter machine than the
// other. Workloads: Get Session over --items items at each --latency (NextAuth Sessions, default
// Concurrency), Get Many with Return All over 10,000 accounts and Block over 2,000 accounts
// (NextAuth node) at --account-latency. Times are the node's own execution time as n8n records it,
// the median of --runs turns after a warm-up of each.
// Options: --base <rev> (required)  --latency 0,2  --items 2000  --account-latency 2  --runs 5;
// --short: --latency 2 --items 500 --runs 1.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { NextAuthSimulator, SERVER_ID } = require('../test/simulator');
const { N8N_VERSION, packPackage } = require('../test/e2e/n8nInstance');
const { numberListOption: list, median, SHORT } = require('./lib/options');
const { n8nFor, nextAuthNode, itemsWorkflow, runWorkload } = require('./lib/workloads');

const ROOT = path.resolve(__dirname, '..');

function optionValue(name) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : undefined;
}

/** The revision's sources, built with this checkout's node_modules and packed; returns the tarball. */
function buildRevision(revision, folder) {
	execFileSync('bash', ['-c', `git -C "${ROOT}" archive "${revision}" | tar -x -C "${folder}"`]);
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'));
	const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
	execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: folder, stdio: 'inherit' });
	execFileSync(bin('gulp'), ['build:assets', '--silent'], { cwd: folder, stdio: 'inherit' });
	return packPackage(folder, folder);
}

const row = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ');

async function main() {
	const base = optionValue('base');
	if (!base) throw new Error('--base <git revision> is required: the revision to compare the package with');
	const baseCommit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', `${base}^{commit}`], {
		encoding: 'utf8',
	}).trim();
	const headCommit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
	const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'nodes', 'credentials'], {
		encoding: 'utf8',
	}).trim();
	const latencies = list('latency', '0,2', '2');
	const items = list('items', '2000', '500')[0];
	const accountLatency = list('account-latency', '2')[0];
	const runs = Math.max(1, list('runs', '5', '1')[0]);

	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nextauth-compare-'));
	const simulator = new NextAuthSimulator();
	const instances = [];
	try {
		const baseTarball = buildRevision(base, scratch);
		await simulator.start();
		simulator.recordRequests = false;
		simulator.addBulkAccounts(10_000 - simulator.serverState(SERVER_ID).accounts.length);
		const variants = [
			{
				name: `before (${baseCommit})`,
				n8n: await n8nFor(simulator, undefined, { taskRunner: false, tarball: baseTarball }),
			},
			{
				name: `after (${headCommit}${dirty ? ', uncommitted changes' : ''})`,
				n8n: await n8nFor(simulator, undefined, { taskRunner: false }),
			},
		];
		instances.push(...variants.map((variant) => variant.n8n));

		let runId = 0;
		/** Runs `node` over `count` items; fails the comparison if any item is missing or failed. */
		const measure = async (n8n, name, count, node, expected = count) => {
			const result = await runWorkload(n8n, itemsWorkflow(`compare-${name}-${++runId}`, count, name, node));
			if (result.error || result.items.length !== expected || result.items.some((item) => item.json.error)) {
				throw new Error(
					`the ${name} run failed: ${JSON.stringify(result.error ?? result.items.find((item) => item.json.error) ?? { items: result.items.length }).slice(0, 300)}`,
				);
			}
			return result.nodeMs;
		};
		const getSession = nextAuthNode({ operation: 'getSession', nonce: '={{ $json.nonce }}' });
		const accountsNode = (parameters) => nextAuthNode({ resource: 'account', ...parameters }, { node: 'nextAuth' });
		const total = simulator.serverState(SERVER_ID).accounts.length;
		const workloads = [
			...latencies.map((latency) => ({
				label: `Get Session, ${items} items, ${latency} ms`,
				latency,
				run: (n8n) => measure(n8n, 'get-session', items, getSession),
			})),
			{
				label: `Get Many, Return All: ${total} accounts, ${accountLatency} ms`,
				latency: accountLatency,
				run: (n8n) => measure(n8n, 'accounts', 1, accountsNode({ operation: 'getAll', returnAll: true }), total),
			},
			{
				label: `Block: 2000 accounts, ${accountLatency} ms`,
				latency: accountLatency,
				run: (n8n) =>
					measure(
						n8n,
						'block',
						2000,
						accountsNode({
							operation: 'block',
							accountId: { __rl: true, mode: 'id', value: '={{ 1000 + $itemIndex }}' },
						}),
					),
			},
		];

		console.log(
			`\nBefore/after ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, n8n ${N8N_VERSION}, loopback simulator; node time, median of ${runs} turn(s)${SHORT ? ' (short form)' : ''}`,
		);
		const widths = [48, 24, 24, 12];
		console.log(row(['workload', ...variants.map((variant) => variant.name), 'after÷before'], widths));
		for (const workload of workloads) {
			simulator.latencyMs = workload.latency;
			for (const variant of variants) await workload.run(variant.n8n); // warm-up, not measured
			const samples = variants.map(() => []);
			for (let turn = 0; turn < runs; turn++) {
				for (const [index, variant] of variants.entries()) samples[index].push(await workload.run(variant.n8n));
			}
			const [before, after] = samples.map(median);
			const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
			console.log(row([workload.label, seconds(before), seconds(after), `${(after / before).toFixed(2)}×`], widths));
		}
	} finally {
		await simulator.stop().catch(() => {});
		for (const n8n of instances) await n8n.remove?.().catch(() => {});
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`Comparison failed: ${error.message}`);
	process.exit(1);
});
