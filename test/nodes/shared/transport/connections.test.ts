import http from 'node:http';
import net from 'node:net';

import type * as Connections from '../../../../nodes/shared/transport/connections';
import type * as Limits from '../../../../nodes/shared/transport/limits';
import { N8nEngine, packageModule } from '../../../harness/n8nEngine';
import { KEYS, NextAuthSimulator, selfSignedCertificate, SERVER_ID } from '../../../simulator';

/** A forwarding proxy on loopback that records what it was asked to reach. */
async function startProxy() {
	const targets: string[] = [];
	const server = http.createServer((req, res) => {
		targets.push(String(req.url));
		const upstream = http.request(String(req.url), { method: req.method, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		req.pipe(upstream);
	});
	const tunnels = new Set<net.Socket>();
	server.on('connect', (req, client: net.Socket, head: Buffer) => {
		targets.push(`CONNECT ${req.url}`);
		tunnels.add(client);
		const [host, port] = String(req.url).split(':');
		const upstream = net.connect(Number(port), host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		targets,
		stop: async () => {
			server.closeAllConnections();
			for (const tunnel of tunnels) tunnel.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

describe('connections: TLS verification and proxies', () => {
	let engine: N8nEngine;
	beforeAll(async () => {
		engine = await N8nEngine.load();
	});

	describe('TLS', () => {
		const simulator = new NextAuthSimulator({ tls: selfSignedCertificate() });
		beforeAll(async () => await simulator.start());
		afterAll(async () => await simulator.stop());

		const run = async (ignoreSSLIssues = false) =>
			await engine.run({
				parameters: { operation: 'getSession', nonce: 'tls' },
				credentials: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl, ignoreSSLIssues },
			});

		it('verifies certificates by default: a self-signed one is refused, nothing is sent', async () => {
			const { error } = await run();
			expect(simulator.baseUrl).toMatch(/^https:/);
			expect(error?.message).toBe(
				`Could not reach the nextAuth API at ${simulator.baseUrl}: its TLS certificate was not accepted`,
			);
			expect(error?.description).toMatch(/SELF_SIGNED|self.signed/i);
			expect(simulator.requests).toEqual([]);
		});

		it('connects to a self-signed server when the credential allows it', async () => {
			const { error, items } = await run(true);
			expect(error).toBeUndefined();
			expect(items[0].json).toHaveProperty('loggedin', false);
			expect(simulator.requests).toHaveLength(1);
		});
	});

	describe('a GET with a body (Get Login QR Code with a user context)', () => {
		const qrWithContext = (nonce: string) => ({
			operation: 'getQrLogin',
			nonce,
			qrFormat: 'raw',
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: { sessioninfo: { ip: '203.0.113.7' } },
			options: { concurrency: 1 },
		});
		const items = (count: number) => Array.from({ length: count }, (_, n) => ({ json: { nonce: `body-${n}` } }));

		it('keeps the connection open for the next request (undici would close it)', async () => {
			const simulator = new NextAuthSimulator({ tls: selfSignedCertificate() });
			await simulator.start();
			try {
				const { error, items: out } = await engine.run({
					parameters: qrWithContext('={{ $json.nonce }}'),
					items: items(5),
					credentials: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: simulator.baseUrl, ignoreSSLIssues: true },
				});
				expect(error).toBeUndefined();
				expect(out).toHaveLength(5);
				expect(simulator.requests.map((request) => request.json)).toEqual(
					Array(5).fill({ sessioninfo: { ip: '203.0.113.7' } }),
				);
				expect(simulator.connections).toBe(1);
			} finally {
				await simulator.stop();
			}
		});

		it("against a server that leaves GET bodies unread, fails the next item with a 400, never with another item's answer", async () => {
			// Reads each request's head only and answers with the nonce it names; a line that is no
			// request line (the unread JSON body in front of the next request) gets a 400 and a close.
			const sockets = new Set<net.Socket>();
			const server = net.createServer((socket) => {
				sockets.add(socket);
				let buffered = '';
				socket.on('data', (chunk) => {
					buffered += chunk.toString('latin1');
					let end;
					while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
						const head = buffered.slice(0, end);
						buffered = buffered.slice(end + 4);
						if (!/^(GET|POST) \/\S* HTTP\/1\.1\r\n/.test(`${head}\r\n`)) {
							socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
							return;
						}
						const nonce = /\r\nx-nonce: ([^\r]*)/i.exec(head)?.[1] ?? '';
						socket.write(
							`HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${nonce.length}\r\n\r\n${nonce}`,
						);
					}
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			try {
				const { port } = server.address() as net.AddressInfo;
				const { items: out } = await engine.run({
					parameters: qrWithContext('={{ $json.nonce }}'),
					items: items(6),
					continueOnFail: true,
					credentials: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: `http://127.0.0.1:${port}` },
				});
				expect(out).toHaveLength(6);
				const outcomes = out.map(
					(item, n) =>
						item.json.error ??
						(Buffer.from(String(item.json.loginqrdata ?? ''), 'base64').toString() === `body-${n}`
							? 'own answer'
							: 'ANOTHER ANSWER'),
				);
				expect(outcomes).not.toContain('ANOTHER ANSWER');
				expect(outcomes.filter((outcome) => outcome === 'own answer').length).toBeGreaterThan(0);
				expect(outcomes).toContain('The nextAuth API rejected the request as invalid (400)');
			} finally {
				for (const socket of sockets) socket.destroy();
				await new Promise((resolve) => server.close(resolve));
			}
		});
	});

	describe('proxy', () => {
		const simulator = new NextAuthSimulator();
		let proxy: Awaited<ReturnType<typeof startProxy>>;
		const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
		beforeAll(async () => {
			await simulator.start();
			proxy = await startProxy();
		});
		afterAll(async () => {
			process.env.HTTP_PROXY = saved.HTTP_PROXY ?? '';
			process.env.NO_PROXY = saved.NO_PROXY ?? '';
			await proxy.stop();
			await simulator.stop();
		});

		// Pools read the proxy settings when they are created: each case uses its own key, so its own pool.
		const run = async (apiKey: string) =>
			await engine.run({
				parameters: { operation: 'getSession', nonce: 'proxied' },
				credentials: { apiKey, serverId: SERVER_ID, baseUrl: simulator.baseUrl },
			});

		it('goes through HTTP_PROXY when it is set', async () => {
			process.env.HTTP_PROXY = proxy.url;
			process.env.NO_PROXY = '';
			const { error } = await run(KEYS.all);
			expect(error).toBeUndefined();
			const target = simulator.baseUrl.replace('http://', '');
			expect(proxy.targets.some((seen) => seen.includes(target))).toBe(true);
			expect(simulator.requests).toHaveLength(1);
		});

		it('connects directly to hosts listed in NO_PROXY', async () => {
			process.env.HTTP_PROXY = proxy.url;
			process.env.NO_PROXY = '127.0.0.1';
			proxy.targets.length = 0;
			const { error } = await run(KEYS.sessions);
			expect(error).toBeUndefined();
			expect(proxy.targets).toEqual([]);
		});
	});
});

describe('idle connections', () => {
	let engine: N8nEngine;
	beforeAll(async () => {
		engine = await N8nEngine.load();
	});

	/**
	 * Answers every request with `{}`, with `Keep-Alive: <keepAlive>` when given, and counts the
	 * connections it accepts; it never closes an idle one itself.
	 */
	async function countingServer(keepAlive?: string) {
		const server = http.createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json', ...(keepAlive && { 'keep-alive': keepAlive }) });
			res.end('{}');
		});
		// 0: Node neither closes idle connections nor announces a timeout of its own.
		server.keepAliveTimeout = 0;
		let connections = 0;
		server.on('connection', () => connections++);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		const run = async () =>
			await engine.run({
				parameters: { operation: 'getSession', nonce: 'idle' },
				credentials: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl: `http://127.0.0.1:${port}` },
			});
		return {
			run,
			connections: () => connections,
			stop: async () => {
				server.closeAllConnections();
				await new Promise((resolve) => server.close(resolve));
			},
		};
	}
	const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

	it("drops a connection idle for 4 s when the server does not say how long it keeps one (under Node's and Apache's 5 s)", async () => {
		const server = await countingServer();
		try {
			expect((await server.run()).error).toBeUndefined();
			await sleep(1000);
			expect((await server.run()).error).toBeUndefined();
			expect(server.connections()).toBe(1);
			await sleep(4500);
			expect((await server.run()).error).toBeUndefined();
			expect(server.connections()).toBe(2);
		} finally {
			await server.stop();
		}
	});

	it.each([
		['timeout=3: kept 1 s (2 s less, for the travel of the answer and the next request)', 'timeout=3', 1500, 2],
		['timeout=120: kept longer than the 4 s used when a server says nothing', 'timeout=120', 4500, 1],
	])('honours Keep-Alive %s', async (_, header, pauseMs, connections) => {
		const server = await countingServer(header);
		try {
			expect((await server.run()).error).toBeUndefined();
			await sleep(pauseMs);
			expect((await server.run()).error).toBeUndefined();
			expect(server.connections()).toBe(connections);
		} finally {
			await server.stop();
		}
	});
});

describe('credential values as headers', () => {
	let engine: N8nEngine;
	const simulator = new NextAuthSimulator();
	beforeAll(async () => {
		engine = await N8nEngine.load();
		await simulator.start();
	});
	afterAll(async () => await simulator.stop());

	it.each([
		['API Key', { apiKey: 'sim-key-all\r\nX-Injected: yes' }],
		['Role ID', { apiKey: KEYS.root, roleId: 'role-support\nX-Injected: yes' }],
	])('refuses a %s with a line break before sending anything, without quoting it', async (field, secrets) => {
		const { error } = await engine.run({
			parameters: { operation: 'getSession', nonce: 'n' },
			credentials: { serverId: SERVER_ID, baseUrl: simulator.baseUrl, ...secrets },
		});
		expect(error?.message).toBe(
			`The ${field} of the NextAuth credential contains line breaks or other control characters`,
		);
		expect(JSON.stringify({ ...error, message: error?.message, description: error?.description })).not.toContain(
			'X-Injected',
		);
		expect(simulator.requests).toEqual([]);
	});
});

describe('base URL errors show no user name, password, query or fragment', () => {
	let engine: N8nEngine;
	beforeAll(async () => {
		engine = await N8nEngine.load();
	});

	it.each([
		[
			'a password with an unencoded /',
			'https://admin:hunter2/x@example.com:notaport/api',
			'"https://example.com:notaport/api" is not a valid URL',
		],
		[
			'a password with an unencoded #',
			'https://admin:hun#ter2@exa mple.com/api',
			'"https://exa mple.com/api" is not a valid URL',
		],
		[
			'a password with an unencoded ? and @',
			'https://admin:h?u@n@ter2@[::1/api',
			'"https://[::1/api" is not a valid URL',
		],
		['userinfo without a scheme', 'admin:hunter2@example.com', '"example.com" must start with https:// or http://'],
		[
			'a query holding a token',
			'ftp://example.com/api?token=hunter2#hunter2',
			'"ftp://example.com/api" must start with https:// or http://',
		],
		[
			'userinfo in a URL of another scheme',
			'ftp://admin:hunter2@example.com/api',
			'"ftp://example.com/api" must start with https:// or http://',
		],
		[
			'a query with spaces in it',
			'ftp://example.com/api?token=hunter2 hunter2',
			'"ftp://example.com/api" must start with https:// or http://',
		],
		[
			'a scheme that is not at the start',
			'see ftp://admin:hunter2@example.com/api',
			'"example.com/api" is not a valid URL',
		],
	])('%s', async (_, baseUrl, said) => {
		const { error } = await engine.run({
			parameters: { operation: 'getSession', nonce: 'n' },
			credentials: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl },
		});
		expect(error?.message).toBe(`The base URL ${said}`);
		expect(JSON.stringify({ ...error, message: error?.message, description: error?.description })).not.toMatch(
			/hunter2|admin|hun#ter/,
		);
	});
});

describe('pools, one per credential', () => {
	const { connectionFor } = packageModule<typeof Connections>('nodes/shared/transport/connections');
	const { POOL_IDLE_MS } = packageModule<typeof Limits>('nodes/shared/transport/limits');
	const credentials = (apiKey: string) => ({
		apiKey,
		roleId: '',
		serverId: SERVER_ID,
		baseUrl: 'http://127.0.0.1:9',
		ignoreSSLIssues: false,
	});

	it('closes a pool idle for a minute at the next sweep, keeps one in use or used lately, sweeps at most every quarter minute, and gives the same credentials a new pool once theirs was closed', () => {
		// Far past any sweep made so far, so that the first call below sweeps.
		const t0 = Date.now() + 10 * POOL_IDLE_MS;
		let now = t0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		const idleCredentials = credentials('K-pool-idle');
		const idle = connectionFor(idleCredentials);
		const busy = connectionFor(credentials('K-pool-busy'));
		busy.active = 1;
		try {
			expect(connectionFor(idleCredentials)).toBe(idle);
			now = t0 + 1;
			const edge = connectionFor(credentials('K-pool-edge'));
			// A sweep, with nothing idle for a minute yet.
			const lastSweep = t0 + (POOL_IDLE_MS * 3) / 4 + 1;
			now = lastSweep;
			const recent = connectionFor(credentials('K-pool-recent'));
			// `idle` has been idle for a minute, but the last sweep is less than a quarter minute ago.
			now = t0 + POOL_IDLE_MS;
			connectionFor(credentials('K-pool-other-1'));
			expect([idle.closed, edge.closed, busy.closed, recent.closed]).toEqual([false, false, false, false]);
			// A quarter minute after the last sweep: `edge` has been idle for exactly a minute.
			now = lastSweep + POOL_IDLE_MS / 4;
			connectionFor(credentials('K-pool-other-2'));
			expect([idle.closed, edge.closed, busy.closed, recent.closed]).toEqual([true, true, false, false]);
			const renewed = connectionFor(idleCredentials);
			expect(renewed).not.toBe(idle);
			expect(renewed.closed).toBe(false);
		} finally {
			busy.active = 0;
			clock.mockRestore();
		}
	});

	it('gives the same credentials another pool under another egress filter', () => {
		const same = credentials('K-pool-egress');
		const [first, second] = [{}, {}].map((id) => ({
			validateConnectionHost: () => ({ ok: true }),
			createSecureLookup: () => () => {},
			id,
		}));
		const a = connectionFor(same, first as never);
		expect(connectionFor(same, first as never)).toBe(a);
		expect(connectionFor(same, second as never)).not.toBe(a);
	});

	it('refuses an API key of one to three characters before anything is sent, and lets an empty one through for the API to refuse', () => {
		expect(() => connectionFor(credentials('abc'))).toThrow(
			'The API key in the NextAuth credential is shorter than 4 characters: no nextAuth API key is, and one that short could not be kept out of the output',
		);
		expect(connectionFor(credentials('')).closed).toBe(false);
	});
});
