// npm run bench:queue — the package in n8n's queue mode (test/queue/cluster.js: PostgreSQL 15,
// Redis, n8n main and workers on loopback) against the simulator with a 2 ms delay:
// 1. executions per second through a production webhook (one Get Session each, --calls of them,
//    --inFlight at once) with two workers, then with one;
// 2. the node's own items/s for --items Get Session items inside a worker, next to the same
//    workflow in regular mode (`n8n execute`, without n8n's task runner, whose start-up would
//    fall on the measured run: see scripts/lib/workloads.js; a worker's runner started long before).
// Each figure is the median of --runs runs (single runs on 2 cores moved by up to 40%).
// Options: --calls 300 --inFlight 20 --items 2000 --runs 3; --short (CI): --calls 60 --items 500 --runs 1.
'use strict';

const os = require('node:os');

const { KEYS, NextAuthSimulator, SERVER_ID } = require('../test/simulator');
const { packPackage, N8N_VERSION } = require('../test/e2e/n8nInstance');
const { QueueCluster } = require('../test/queue/cluster');
const { n8nFor, nextAuthNode, itemsWorkflow, runWorkload } = require('./lib/workloads');
const { numberOption: option, median, SHORT } = require('./lib/options');

const LATENCY_MS = 2;

async function main() {
	const calls = option('calls', 300, 60);
	const inFlight = option('inFlight', 20);
	const itemCount = option('items', 2000, 500);
	const runs = Math.max(1, option('runs', 3, 1));
	const medianOf = async (measure) => {
		const values = [];
		for (let turn = 0; turn < runs; turn++) values.push(await measure(turn));
		return median(values);
	};
	const simulator = new NextAuthSimulator({ latencyMs: LATENCY_MS });
	await simulator.start();
	simulator.recordRequests = false;
	const tarball = packPackage();
	const cluster = await QueueCluster.start({ tarball, workers: 2 });
	const figures = {};
	try {
		await cluster.logIn();
		const credential = await cluster.rest('credentials', {
			name: 'NextAuth (simulator)',
			type: 'nextAuthApi',
			data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl },
		});
		const getSession = (nonce, x) => ({
			id: `get-session-${x}`,
			name: 'Get Session',
			type: 'n8n-nodes-nextauth.nextAuthSessions',
			typeVersion: 1,
			position: [x, 0],
			parameters: { operation: 'getSession', nonce },
			credentials: { nextAuthApi: { id: credential.id, name: credential.name } },
		});
		const webhook = (path, parameters = {}) => ({
			id: `webhook-${path}`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `nextauth-bench-${path}`,
			// answered on receipt: the figures count executions n8n stored as finished, not webhook
			// answers (main once left one `lastNode` answer hanging for 300 s in about 1,000 calls)
			parameters: { path, responseMode: 'onReceived', options: {}, ...parameters },
		});
		const oneId = await cluster.deploy('bench one call', [
			webhook('bench-one'),
			getSession('={{ $json.query.nonce }}', 300),
		]);
		const bulkId = await cluster.deploy('bench bulk', [
			webhook('bench-bulk'),
			{
				id: 'rows',
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [150, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ JSON.stringify({ rows: Array.from({ length: ${itemCount} }, (_, i) => ({ nonce: "bulk-" + i })) }) }}`,
					options: {},
				},
			},
			{
				id: 'split',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [250, 0],
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			getSession('={{ $json.nonce }}', 400),
		]);

		/** How many executions of the workflow n8n has stored with one of `statuses`. */
		const countWith = async (workflowId, statuses) =>
			(
				await cluster.rest(
					`executions?filter=${encodeURIComponent(JSON.stringify({ workflowId, status: statuses }))}&limit=1`,
				)
			).count;
		/** Waits until `expected` executions of the workflow have succeeded; any other ending fails the run. */
		const allSucceeded = async (workflowId, expected) => {
			const deadline = Date.now() + 600_000;
			for (;;) {
				const failed = await countWith(workflowId, ['error', 'crashed', 'canceled']);
				if (failed > 0) throw new Error(`${failed} execution(s) did not succeed`);
				const success = await countWith(workflowId, ['success']);
				if (success >= expected) return;
				if (Date.now() > deadline) throw new Error(`only ${success} of ${expected} executions finished`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		};
		let succeeded = 0;
		let bulkRuns = 0;
		/**
		 * `count` webhook calls, `inFlight` at a time; resolves with executions per second, from the
		 * first call until n8n has stored the last execution as succeeded.
		 */
		const executionsPerSecond = async (count, tag) => {
			let next = 0;
			const started = performance.now();
			await Promise.all(
				Array.from({ length: inFlight }, async () => {
					while (next < count) {
						const response = await fetch(`${cluster.url}/webhook/bench-one?nonce=${tag}-${next++}`, {
							signal: AbortSignal.timeout(30_000),
						});
						await response.arrayBuffer();
						if (!response.ok) throw new Error(`a webhook call failed: ${response.status}`);
					}
				}),
			);
			succeeded += count;
			await allSucceeded(oneId, succeeded);
			return count / ((performance.now() - started) / 1000);
		};
		/** The node's own time for the bulk workflow in a worker, from the execution n8n stored. */
		const nodeMsInWorker = async () => {
			const response = await fetch(`${cluster.url}/webhook/bench-bulk`, { signal: AbortSignal.timeout(30_000) });
			if (!response.ok) throw new Error(`the bulk webhook failed: ${response.status}`);
			bulkRuns += 1;
			await allSucceeded(bulkId, bulkRuns);
			const [latest] = (await cluster.executionsOf(bulkId)).sort((a, b) => Number(b.id) - Number(a.id));
			const { runData } = await cluster.resultDataOf(latest.id);
			const run = runData['Get Session'][0];
			if (run.data.main[0].length !== itemCount) throw new Error(`the bulk run gave ${run.data.main[0].length} items`);
			return run.executionTime;
		};

		await executionsPerSecond(40, 'warm');
		figures.twoWorkers = await medianOf((turn) => executionsPerSecond(calls, `two-${turn}`));
		figures.inWorker = await medianOf(() => nodeMsInWorker());
		await cluster.workers[1].stop();
		figures.oneWorker = await medianOf((turn) => executionsPerSecond(calls, `one-${turn}`));
	} finally {
		await cluster.stop();
	}
	const n8n = await n8nFor(simulator, undefined, { taskRunner: false });
	const regularMs = await medianOf(async (turn) => {
		const regular = await runWorkload(
			n8n,
			itemsWorkflow(
				`bench-regular-${turn}`,
				itemCount,
				'regular',
				nextAuthNode({ operation: 'getSession', nonce: '={{ $json.nonce }}' }),
			),
		);
		if (regular.error || regular.items.length !== itemCount) throw new Error('the regular-mode run failed');
		return regular.nodeMs;
	});
	await n8n.remove();
	await simulator.stop();

	const perSecond = (ms) => `${Math.round(itemCount / (ms / 1000))} items/s (${(ms / 1000).toFixed(2)} s)`;
	console.log(
		`\nQueue mode ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, n8n ${N8N_VERSION} main + workers (concurrency 10), PostgreSQL 15, Redis, simulator ${LATENCY_MS} ms; median of ${runs} run(s)${SHORT ? ' (short form)' : ''}`,
	);
	console.log(`executions/s, ${calls} webhook calls (one Get Session each), ${inFlight} in flight:`);
	console.log(`  two workers    ${figures.twoWorkers.toFixed(1)}/s`);
	console.log(
		`  one worker     ${figures.oneWorker.toFixed(1)}/s   (two ÷ one: ${(figures.twoWorkers / figures.oneWorker).toFixed(2)}×)`,
	);
	console.log(`the node, ${itemCount} Get Session items in one execution:`);
	console.log(`  in a worker    ${perSecond(figures.inWorker)}`);
	console.log(`  regular mode   ${perSecond(regularMs)}`);
}

main().catch((error) => {
	console.error(
		`Queue benchmark failed: ${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ''}`,
	);
	process.exit(1);
});
