// npm run soak — 10,000 get-session items through the NextAuth Sessions node in a real n8n,
// with 2% of requests faulted by the simulator (429/503 to be retried, 500, resets, stalls,
// malformed JSON). Prints items in/out, error items by kind, requests, retries and peak memory.
// Options: --items 10000 --rate 0.02 --seed 7 --concurrency 10
'use strict';

const { NextAuthSimulator } = require('../test/simulator');
const { n8nFor, nextAuthNode, itemsWorkflow, runWorkload } = require('./lib/workloads');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const FAULTS = [
	{ status: 429, headers: { 'retry-after': '0' } },
	{ status: 503, headers: { 'retry-after': '0' } },
	{ status: 500, body: '{"message":"internal error"}' },
	{ kind: 'reset' },
	{ kind: 'stall' },
	{ status: 200, body: '{"loggedin": tru' },
];

async function main() {
	const count = option('items', 10_000);
	const rate = option('rate', 0.02);
	const seed = option('seed', 7);
	const concurrency = option('concurrency', 10);
	const simulator = new NextAuthSimulator();
	await simulator.start();
	try {
		const n8n = await n8nFor(simulator);
		simulator.randomFaults({ rate, faults: FAULTS, seed });
		const started = Date.now();
		const result = await runWorkload(
			n8n,
			itemsWorkflow('nextauth-soak', count, 'soak', nextAuthNode(
				{ operation: 'getSession', nonce: '={{ $json.nonce }}', options: { concurrency, timeout: 1000, maxRetries: 3 } },
				{ continueOnFail: true },
			)),
		);
		const wallMs = Date.now() - started;

		const errors = {};
		for (const { json } of result.items) {
			if (!json.error) continue;
			const message = json.error.replace(simulator.baseUrl, '<simulator>');
			errors[message] = (errors[message] ?? 0) + 1;
		}
		const paired = result.items.every((item, index) => item.pairedItem?.item === index);
		const byStatus = {};
		for (const request of simulator.requests) byStatus[request.status] = (byStatus[request.status] ?? 0) + 1;
		const retries = (byStatus[429] ?? 0) + (byStatus[503] ?? 0);
		const errorCount = Object.values(errors).reduce((sum, n) => sum + n, 0);

		console.log(`\nSoak: ${count} get-session items, ${rate * 100}% faults (seed ${seed}), concurrency ${concurrency}, real n8n 2.41.1`);
		console.log(`items in            ${count}`);
		console.log(`items out           ${result.items.length} (${paired ? 'each paired with its input, in order' : 'PAIRING BROKEN'})`);
		console.log(`ok items            ${result.items.length - errorCount}`);
		console.log(`error items         ${errorCount}`);
		for (const [message, n] of Object.entries(errors).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${message}`);
		console.log(`requests sent       ${simulator.requests.length} (by answer: ${JSON.stringify(byStatus)})`);
		console.log(`retried answers     ${retries} (429/503 answered, then sent again)`);
		console.log(`node time           ${(result.nodeMs / 1000).toFixed(1)} s (${Math.round(count / (result.nodeMs / 1000))} items/s); wall ${(wallMs / 1000).toFixed(1)} s incl. n8n start`);
		console.log(`peak RSS (n8n)      ${result.peakRssMb.toFixed(0)} MB`);
		if (result.items.length !== count || !paired) process.exitCode = 1;
	} finally {
		await simulator.stop();
	}
}

main().catch((error) => {
	console.error(`Soak failed: ${error.message}`);
	process.exit(1);
});
