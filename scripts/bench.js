// npm run bench — get-session throughput inside real n8n 2.41.1 against the simulator with
// added latency, side by side in one run:
//   1. NextAuth Sessions, default concurrency    2. the same with concurrency 1
//   3. n8n's HTTP Request node (headers by hand) 4. raw undici, same concurrency (the limit)
// plus QR PNG runs (filesystem binary mode) with n8n's peak RSS.
// Options: --latency 0,2,20  --items 2000  --qr 100,10000
// Times are the node's own execution time as n8n records it (n8n's start-up is left out).
'use strict';

const os = require('node:os');
const { Agent } = require('undici');

const { NextAuthSimulator, KEYS, SERVER_ID } = require('../test/simulator');
const { n8nFor, nextAuthNode, httpRequestNode, itemsWorkflow, runWorkload } = require('./lib/workloads');

const DEFAULT_CONCURRENCY = 10;

function list(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return (index > 0 ? process.argv[index + 1] : fallback).split(',').filter(Boolean).map(Number);
}

/** The same calls with undici directly, `concurrency` in flight: what the network allows. */
async function rawUndici(simulator, count, concurrency) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
	const origin = simulator.baseUrl;
	const path = `/servers/${encodeURIComponent(SERVER_ID)}/sessions/`;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const nonce = `raw-${next++}`;
				const response = await dispatcher.request({ origin, path, method: 'GET', headers: { 'x-apikey': KEYS.all, 'x-nonce': nonce } });
				await response.body.json();
			}
		}),
	);
	const ms = performance.now() - started;
	await dispatcher.close();
	return ms;
}

const row = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ');

async function main() {
	const latencies = list('latency', '0,2,20');
	const counts = list('items', '2000');
	const qrCounts = list('qr', '100,10000');
	const simulator = new NextAuthSimulator();
	await simulator.start();
	simulator.recordRequests = false;
	const n8n = await n8nFor(simulator);
	let run = 0;
	const id = (name) => `bench-${name}-${++run}`;

	console.log(`\nBenchmark ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, n8n 2.41.1 on Node 24, loopback simulator`);
	const widths = [7, 7, 10, 10, 10, 10, 11, 11, 9];
	console.log(row(['latency', 'items', 'ours c=10', 'ours c=1', 'HTTP Req', 'undici', 'HTTP÷ours', 'ours÷raw', 'RSS MB'], widths));
	const figures = [];
	for (const latency of latencies) {
		for (const count of counts) {
			simulator.latencyMs = latency;
			const getSession = (options) => nextAuthNode({ operation: 'getSession', nonce: '={{ $json.nonce }}', options });
			const ours = await runWorkload(n8n, itemsWorkflow(id('ours'), count, 'ours', getSession({})));
			const sequential = await runWorkload(n8n, itemsWorkflow(id('seq'), count, 'seq', getSession({ concurrency: 1 })));
			const http = await runWorkload(n8n, itemsWorkflow(id('http'), count, 'http', httpRequestNode(simulator)));
			const rawMs = await rawUndici(simulator, count, DEFAULT_CONCURRENCY);
			for (const result of [ours, sequential, http]) {
				if (result.error || result.items.length !== count) throw new Error(`a run failed: ${JSON.stringify(result.error).slice(0, 300)}`);
			}
			const figure = { latency, count, ours: ours.nodeMs, sequential: sequential.nodeMs, http: http.nodeMs, raw: rawMs, rss: ours.peakRssMb };
			figures.push(figure);
			const rate = (ms) => `${Math.round(count / (ms / 1000))}/s`;
			console.log(
				row(
					[`${latency} ms`, count, rate(figure.ours), rate(figure.sequential), rate(figure.http), rate(figure.raw), `${(figure.http / figure.ours).toFixed(1)}×`, `${(figure.ours / figure.raw).toFixed(2)}×`, figure.rss.toFixed(0)],
					widths,
				),
			);
			console.log(
				row(['', '', `${(figure.ours / 1000).toFixed(2)} s`, `${(figure.sequential / 1000).toFixed(2)} s`, `${(figure.http / 1000).toFixed(2)} s`, `${(figure.raw / 1000).toFixed(2)} s`, '', '', ''], widths),
			);
		}
	}

	simulator.latencyMs = 0;
	console.log('\nQR PNG (200 px) into n8n binary data, filesystem mode:');
	for (const count of qrCounts) {
		// one nonce for all: the simulator draws the PNG once; what is measured is n8n's side
		const qr = nextAuthNode({ operation: 'getQrLogin', nonce: 'qr-bench', qrSize: 200 });
		const result = await runWorkload(n8n, itemsWorkflow(id('qr'), count, 'qr', qr));
		if (result.items.length !== count) throw new Error('the QR run lost items');
		console.log(`  ${String(count).padStart(6)} PNGs: ${(result.nodeMs / 1000).toFixed(2)} s, n8n peak RSS ${result.peakRssMb.toFixed(0)} MB`);
	}
	await simulator.stop();
}

main().catch((error) => {
	console.error(`Benchmark failed: ${error.message}`);
	process.exit(1);
});
