// npm run bench — get-session throughput inside a real n8n (N8N_VERSION, 2.41.1 unless set) against the simulator with
// added latency, over HTTP and over HTTPS (a self-signed certificate made at run time; the node
// with Ignore SSL Issues, the HTTP Request node with its own option), side by side in one run:
//   1. NextAuth Sessions, default concurrency    2. the same with concurrency 1
//   3. n8n's HTTP Request node (headers by hand) 4. raw undici, same concurrency (the limit)
//   5. NextAuth Sessions with n8n's SSRF protection on (loopback allowed by range): what the
//      egress checks cost
// plus QR PNG runs (filesystem binary mode) with n8n's peak RSS, next to two yardsticks: n8n's
// HTTP Request node fetching the same PNGs as files, and a No Operation node (n8n alone).
// Then the NextAuth node (accounts and users) at --account-latency: Get Many with Return All over
// 10,000 accounts (the simulator answers at most 100 per page, as a real server may), next to raw
// undici paging the same way; and Block over 2,000 accounts next to the HTTP Request node and raw
// undici.
// Options: --latency 0,2,20  --items 2000  --qr 100,10000  --runs 3  --account-latency 2;
// --short (CI): --latency 2 --qr 100,1000 --runs 1.
// n8n runs without its task runner (used only by Code nodes; its start-up in every `n8n execute`
// fell on the measured node runs, see scripts/lib/workloads.js); --task-runner keeps it.
// Over HTTPS, 5 and 2 are left out ('–'). Then Get Login QR Code with a user context (a GET with
// a JSON body) over HTTPS: raw undici closing the connection after each such GET (its default),
// the same keeping it (`reset: false`, what the node does), and the node.
// Times are the node's own execution time as n8n records it (n8n's start-up is left out). Each
// figure of 1, 3 and 4 is the median of --runs runs, taken in turns after a warm-up, so that no
// variant meets a colder simulator than another; 2 is one run (it is the slow one).
'use strict';

const os = require('node:os');
const { Agent } = require('undici');

const { NextAuthSimulator, KEYS, SERVER_ID, selfSignedCertificate } = require('../test/simulator');
const {
	n8nFor,
	nextAuthNode,
	httpRequestNode,
	httpRequestBlockNode,
	httpRequestQrNode,
	noOpNode,
	itemsWorkflow,
	runWorkload,
} = require('./lib/workloads');
const { numberListOption: list, median, SHORT } = require('./lib/options');
const { N8N_VERSION, N8N_MAJOR } = require('../test/e2e/n8nInstance');

// the node's own default, from the built package: the raw-undici yardstick uses the same
const { DEFAULT_CONCURRENCY } = require('../dist/nodes/shared/descriptions/options.description');
const QR_SIZE = 200;

const SERVER_PATH = `/servers/${encodeURIComponent(SERVER_ID)}`;

/** The same calls with undici directly, `concurrency` in flight: what the network allows. */
async function rawUndici(
	simulator,
	count,
	concurrency,
	request = (n) => ({ path: `${SERVER_PATH}/sessions/`, method: 'GET', headers: { 'x-nonce': `raw-${n}` } }),
) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64, connect: { rejectUnauthorized: false } });
	const origin = simulator.baseUrl;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) {
				const { headers, check, ...call } = request(next++);
				const response = await dispatcher.request({ origin, ...call, headers: { 'x-apikey': KEYS.all, ...headers } });
				const body = Buffer.from(await response.body.arrayBuffer());
				check?.(body);
			}
		}),
	);
	const ms = performance.now() - started;
	await dispatcher.close();
	return ms;
}

/** Every account with undici directly, page after page as the node pages; returns [ms, accounts]. */
async function rawUndiciPaging(simulator, pageSize) {
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const started = performance.now();
	let received = 0;
	for (;;) {
		const path = `${SERVER_PATH}/accounts/?limit=${pageSize}&marker=${received}`;
		const response = await dispatcher.request({
			origin: simulator.baseUrl,
			path,
			method: 'GET',
			headers: { 'x-apikey': KEYS.all },
		});
		const page = await response.body.json();
		received += page.accounts.length;
		if (page.accounts.length === 0 || received >= page.totalnumber) break;
	}
	const ms = performance.now() - started;
	await dispatcher.close();
	return [ms, received];
}

const row = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ');

async function main() {
	const latencies = list('latency', '0,2,20', '2');
	const counts = list('items', '2000');
	const qrCounts = list('qr', '100,10000', '100,1000');
	const runs = Math.max(1, list('runs', '3', '1')[0] ?? 3);
	const simulator = new NextAuthSimulator();
	await simulator.start();
	const httpsSimulator = new NextAuthSimulator({ tls: selfSignedCertificate() });
	await httpsSimulator.start();
	for (const sim of [simulator, httpsSimulator]) sim.recordRequests = false;
	const taskRunner = process.argv.includes('--task-runner');
	const n8n = await n8nFor(simulator, httpsSimulator, { taskRunner });
	let run = 0;
	const id = (name) => `bench-${name}-${++run}`;
	/** Runs `node` over `count` items in n8n; fails the benchmark if any item is missing or failed. */
	const measure = async (name, count, node) => {
		const result = await runWorkload(n8n, itemsWorkflow(id(name), count, name, node));
		if (result.error || result.items.length !== count || result.items.some((item) => item.json.error)) {
			throw new Error(
				`the ${name} run failed: ${JSON.stringify(result.error ?? result.items.find((item) => item.json.error) ?? { items: result.items.length }).slice(0, 300)}`,
			);
		}
		return result;
	};
	const getSession = (options, https = false) =>
		nextAuthNode({ operation: 'getSession', nonce: '={{ $json.nonce }}', options }, { https });

	console.log(
		`\nBenchmark ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, n8n ${N8N_VERSION} on Node ${N8N_MAJOR >= 2 ? 24 : 22}, loopback simulator, n8n's task runner ${taskRunner ? 'on' : 'off'}; median of ${runs} run(s)${SHORT ? ' (short form)' : ''}`,
	);
	// warm-up, not measured: the simulator's code paths and n8n's files on disk
	await rawUndici(simulator, 2000, DEFAULT_CONCURRENCY);
	await measure('warm-up', 200, getSession({}));
	await measure('warm-up-https', 200, getSession({}, true));

	/** The same run with n8n's SSRF protection on, the simulator's address allowed. */
	const withSsrfProtection = async (run) => {
		const saved = { ...n8n.env };
		Object.assign(n8n.env, { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		try {
			return await run();
		} finally {
			n8n.env = saved;
		}
	};

	const widths = [7, 7, 6, 10, 10, 10, 10, 10, 11, 11, 9];
	console.log(
		row(
			[
				'latency',
				'items',
				'proto',
				`ours c=${DEFAULT_CONCURRENCY}`,
				'ours SSRF',
				'ours c=1',
				'HTTP Req',
				'undici',
				'HTTP÷ours',
				'ours÷raw',
				'RSS MB',
			],
			widths,
		),
	);
	const rate = (count, ms) => (ms === undefined ? '–' : `${Math.round(count / (ms / 1000))}/s`);
	const seconds = (ms) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);
	for (const latency of latencies) {
		for (const count of counts) {
			for (const [proto, sim] of [
				['http', simulator],
				['https', httpsSimulator],
			]) {
				const https = sim === httpsSimulator;
				sim.latencyMs = latency;
				const samples = { ours: [], ssrf: [], http: [], raw: [], rss: [] };
				for (let turn = 0; turn < runs; turn++) {
					const ours = await measure('ours', count, getSession({}, https));
					samples.ours.push(ours.nodeMs);
					samples.rss.push(ours.peakRssMb);
					if (!https)
						samples.ssrf.push((await withSsrfProtection(() => measure('ssrf', count, getSession({})))).nodeMs);
					samples.http.push((await measure('http', count, httpRequestNode(sim))).nodeMs);
					samples.raw.push(await rawUndici(sim, count, DEFAULT_CONCURRENCY));
				}
				const sequential = https ? undefined : (await measure('seq', count, getSession({ concurrency: 1 }))).nodeMs;
				const figure = {
					ours: median(samples.ours),
					ssrf: https ? undefined : median(samples.ssrf),
					http: median(samples.http),
					raw: median(samples.raw),
					rss: median(samples.rss),
				};
				console.log(
					row(
						[
							`${latency} ms`,
							count,
							proto,
							rate(count, figure.ours),
							rate(count, figure.ssrf),
							rate(count, sequential),
							rate(count, figure.http),
							rate(count, figure.raw),
							`${(figure.http / figure.ours).toFixed(1)}×`,
							`${(figure.ours / figure.raw).toFixed(2)}×`,
							figure.rss.toFixed(0),
						],
						widths,
					),
				);
				console.log(
					row(
						[
							'',
							'',
							'',
							seconds(figure.ours),
							seconds(figure.ssrf),
							seconds(sequential),
							seconds(figure.http),
							seconds(figure.raw),
							'',
							'',
							'',
						],
						widths,
					),
				);
			}
		}
	}
	simulator.latencyMs = 0;
	await qrWithBodyBench(httpsSimulator, measure, runs);
	httpsSimulator.latencyMs = 0;
	await httpsSimulator.stop();

	await accountsBench(simulator, n8n, measure, runs);

	simulator.latencyMs = 0;
	// One nonce for all: the simulator draws the PNG once; what is measured is n8n's side. Two
	// peaks per run: the whole `n8n execute` process (which at the end saves the execution and
	// prints every item as JSON), and n8n's peak up to the node's last answer (the first memory
	// sample after the simulator finished its last response; '–' when no request is made).
	const qrNodes = {
		'NextAuth QR': () => nextAuthNode({ operation: 'getQrLogin', nonce: 'qr-bench', qrSize: QR_SIZE }),
		'HTTP Req (file)': () => httpRequestQrNode(simulator, 'qr-bench', QR_SIZE),
		'No Op (n8n alone)': () => noOpNode(),
	};
	const qrWidths = [13, 22, 22, 22];
	console.log(
		`\nQR PNG (${QR_SIZE} px) into n8n binary data, filesystem mode — n8n peak RSS, whole run / up to the node's last answer (node time):`,
	);
	console.log(row(['items', ...Object.keys(qrNodes)], qrWidths));
	const peaks = {};
	for (const count of qrCounts) {
		const cells = [];
		for (const [name, node] of Object.entries(qrNodes)) {
			simulator.lastAnsweredAt = 0;
			const result = await measure('qr', count, node());
			const answered = simulator.lastAnsweredAt;
			const byNodeEnd = answered ? result.peakRssMbBy(answered) : undefined;
			(peaks[name] ??= []).push({ whole: result.peakRssMb, byNodeEnd });
			const throughNode = byNodeEnd === undefined ? '–' : byNodeEnd.toFixed(0);
			cells.push(`${result.peakRssMb.toFixed(0)} / ${throughNode} MB (${(result.nodeMs / 1000).toFixed(1)} s)`);
		}
		console.log(row([`${count} PNGs`, ...cells], qrWidths));
	}
	if (qrCounts.length > 1) {
		const signed = (mb) => (mb === undefined || Number.isNaN(mb) ? '–' : `${mb >= 0 ? '+' : ''}${mb.toFixed(0)}`);
		const growth = Object.values(peaks).map((runs) => {
			const [first, last] = [runs[0], runs.at(-1)];
			return `${signed(last.whole - first.whole)} / ${signed(last.byNodeEnd - first.byNodeEnd)} MB`;
		});
		console.log(row([`${qrCounts.at(-1)} vs ${qrCounts[0]}`, ...growth], qrWidths));
	}
	await n8n.remove();
	await simulator.stop();
}

/**
 * Get Login QR Code with a user context is a GET carrying a JSON body, after which undici closes
 * the connection unless the request sets `reset: false`. Over HTTPS each closed connection costs a
 * TLS handshake. Raw undici both ways (every answer checked against its own session's payload,
 * so that a kept connection that mixed answers up would show), and the node as it ships.
 */
async function qrWithBodyBench(simulator, measure, runs) {
	const count = 1000;
	simulator.latencyMs = 2;
	const body = JSON.stringify({ sessioninfo: { ip: '203.0.113.7', useragent: 'bench' } });
	let mixedUp = 0;
	const qrCall = (reset) => (n) => ({
		path: `${SERVER_PATH}/sessions/qr/login`,
		method: 'GET',
		body,
		...(reset === false && { reset: false }),
		headers: { 'x-nonce': `qr-body-${n}`, 'content-type': 'application/json', accept: 'application/octet-stream' },
		check: (answer) => {
			if (answer.toString('base64') !== simulator.session(SERVER_ID, `qr-body-${n}`).loginqrdata) mixedUp++;
		},
	});
	const samples = { closed: [], kept: [], ours: [] };
	for (let turn = 0; turn < runs; turn++) {
		samples.closed.push(await rawUndici(simulator, count, DEFAULT_CONCURRENCY, qrCall(undefined)));
		samples.kept.push(await rawUndici(simulator, count, DEFAULT_CONCURRENCY, qrCall(false)));
		const node = nextAuthNode(
			{
				operation: 'getQrLogin',
				nonce: '={{ $json.nonce }}',
				qrFormat: 'raw',
				sendUserContext: true,
				userContextInput: 'json',
				userContextJson: body,
			},
			{ https: true },
		);
		samples.ours.push((await measure('qr-body', count, node)).nodeMs);
	}
	const figure = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
	const rate = (ms) => `${Math.round(count / (ms / 1000))}/s (${(ms / 1000).toFixed(2)} s)`;
	console.log(
		`\nGet Login QR Code with a user context (a GET with a JSON body), raw payload, HTTPS, 2 ms, ${count} requests, c=${DEFAULT_CONCURRENCY}:`,
	);
	console.log(`undici, connection closed after each (undici's default)                   ${rate(figure.closed)}`);
	console.log(`undici, connection kept (reset: false, as the node sends it)            ${rate(figure.kept)}`);
	console.log(`NextAuth node                                                           ${rate(figure.ours)}`);
	console.log(`answers that did not belong to their request                            ${mixedUp}`);
}

/** The NextAuth node: Get Many with Return All over 10,000 accounts, and Block over 2,000. */
async function accountsBench(simulator, n8n, measure, runs) {
	const latency = list('account-latency', '2')[0] ?? 2;
	simulator.latencyMs = latency;
	simulator.addBulkAccounts(10_000 - simulator.serverState(SERVER_ID).accounts.length);
	const total = simulator.serverState(SERVER_ID).accounts.length;
	const accountsNode = (parameters) => nextAuthNode({ resource: 'account', ...parameters }, { node: 'nextAuth' });
	const getMany = accountsNode({ operation: 'getAll', returnAll: true });
	const block = accountsNode({
		operation: 'block',
		accountId: { __rl: true, mode: 'id', value: '={{ 1000 + $itemIndex }}' },
	});
	const samples = { list: [], listRaw: [], block: [], blockHttp: [], blockRaw: [] };
	for (let turn = 0; turn < runs; turn++) {
		const listed = await runWorkload(n8n, itemsWorkflow(`bench-accounts-${turn}`, 1, 'accounts', getMany));
		if (listed.error || listed.items.length !== total)
			throw new Error(`the Get Many run gave ${listed.items.length} of ${total} accounts`);
		samples.list.push(listed.nodeMs);
		const [rawMs, rawCount] = await rawUndiciPaging(simulator, 500);
		if (rawCount !== total) throw new Error(`raw paging gave ${rawCount} of ${total} accounts`);
		samples.listRaw.push(rawMs);
		samples.block.push((await measure('block', 2000, block)).nodeMs);
		samples.blockHttp.push((await measure('block-http', 2000, httpRequestBlockNode(simulator))).nodeMs);
		samples.blockRaw.push(
			await rawUndici(simulator, 2000, DEFAULT_CONCURRENCY, (n) => ({
				path: `${SERVER_PATH}/accounts/${1000 + n}/?blocked=true`,
				method: 'PUT',
			})),
		);
	}
	const figure = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
	const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
	const widths = [44, 10, 10, 10, 11, 11];
	console.log(`\nNextAuth node (accounts), ${latency} ms server delay, median of ${runs} run(s):`);
	console.log(row(['workload', 'ours', 'HTTP Req', 'undici', 'HTTP÷ours', 'ours÷raw'], widths));
	console.log(
		row(
			[
				`Get Many, Return All: ${total} accounts, ${Math.ceil(total / simulator.maxPageSize)} pages`,
				seconds(figure.list),
				'–',
				seconds(figure.listRaw),
				'',
				`${(figure.list / figure.listRaw).toFixed(2)}×`,
			],
			widths,
		),
	);
	console.log(
		row(
			[
				`Block: 2000 accounts, c=${DEFAULT_CONCURRENCY}`,
				seconds(figure.block),
				seconds(figure.blockHttp),
				seconds(figure.blockRaw),
				`${(figure.blockHttp / figure.block).toFixed(1)}×`,
				`${(figure.block / figure.blockRaw).toFixed(2)}×`,
			],
			widths,
		),
	);
}

main().catch((error) => {
	console.error(`Benchmark failed: ${error.message}`);
	process.exit(1);
});
