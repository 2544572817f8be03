// node scripts/stale-sockets.js (after `npm run build`) — how often a request meets a kept-alive
// connection the server has already closed. A tiny server closes every connection that has been
// idle for --idle ms (500) and, like some servers and proxies, says nothing about it (no
// `Keep-Alive: timeout=` header). The package's transport (dist/) sends --count (60) GETs, then as
// many POSTs (Push Login), one after another, each after a pause drawn around the server's idle
// time (±1 %, seeded; --jitter 0.1 for ±10 %): the pauses where the server's close and the next request cross are the
// ones that fail. Prints, per method, the requests that failed, what the server received and the
// connections it accepted. --seed N picks another sequence of pauses.
'use strict';

const http = require('node:http');

const { sendNextAuthRequest } = require('../dist/nodes/shared/transport');
const { numberOption } = require('./lib/options');

const IDLE_MS = numberOption('idle', 500);
const COUNT = numberOption('count', 60);
const SEED = numberOption('seed', 1);
/** How far a pause may stray from IDLE_MS, as a fraction of it. */
const JITTER = numberOption('jitter', 0.01);

/** A server that closes a connection after IDLE_MS without a request, announcing nothing. */
async function idleClosingServer() {
	const stats = { requests: { GET: 0, POST: 0 }, connections: 0 };
	const server = http.createServer((req, res) => {
		clearTimeout(req.socket.idleTimer);
		req.resume();
		req.on('end', () => {
			stats.requests[req.method] = (stats.requests[req.method] ?? 0) + 1;
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
			res.end('{}');
		});
		res.on('finish', () => {
			req.socket.idleTimer = setTimeout(() => req.socket.destroy(), IDLE_MS);
		});
	});
	// 0: Node's own idle timer and its `Keep-Alive: timeout=` header are off; the timer above closes.
	server.keepAliveTimeout = 0;
	server.on('connection', () => stats.connections++);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, stats, baseUrl: `http://127.0.0.1:${server.address().port}` };
}

/** xorshift32: the same pauses for the same seed. */
function pauses(seed) {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return IDLE_MS * (1 - JITTER + 2 * JITTER * ((state >>> 0) / 4294967296));
	};
}

async function measure(method) {
	const { server, stats, baseUrl } = await idleClosingServer();
	// Its own API key, so its own connection pool: nothing carries over between the two methods.
	const credentials = { apiKey: `stale-${method}`, roleId: '', baseUrl, serverId: 'stale', ignoreSSLIssues: false };
	const request =
		method === 'GET'
			? { method: 'GET', path: '/sessions/', permission: 'sessions' }
			: { method: 'POST', path: '/sessions/provokelogin', permission: 'sessions', body: {} };
	const next = pauses(SEED);
	const failures = new Map();
	for (let n = 0; n < COUNT; n++) {
		await new Promise((resolve) => setTimeout(resolve, next()));
		try {
			await sendNextAuthRequest(credentials, request, { serverId: 'stale', nonce: `n-${n}`, timeoutMs: 5000 });
		} catch (error) {
			failures.set(error.message, (failures.get(error.message) ?? 0) + 1);
		}
	}
	server.closeAllConnections();
	server.close();
	const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
	return { method, failed, received: stats.requests[method], connections: stats.connections, failures };
}

async function main() {
	console.log(
		`server closes idle connections after ${IDLE_MS} ms, no Keep-Alive header; ${COUNT} requests per method, pauses ${IDLE_MS * (1 - JITTER)}-${IDLE_MS * (1 + JITTER)} ms (seed ${SEED})`,
	);
	for (const method of ['GET', 'POST']) {
		const { failed, received, connections, failures } = await measure(method);
		console.log(
			`${method}: ${failed} of ${COUNT} failed; the server received ${received} requests over ${connections} connections`,
		);
		for (const [message, count] of failures) console.log(`  ${count} × ${message}`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
