import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { KEYS, NextAuthSimulator, SERVER_ID } from '../../../simulator';
import { N8nEngine } from '../../../harness/n8nEngine';

/** A self-signed certificate for 127.0.0.1, made with openssl for this run. */
function selfSignedCertificate() {
	const dir = mkdtempSync(path.join(tmpdir(), 'nextauth-tls-'));
	const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
	return { key: readFileSync(key), cert: readFileSync(cert) };
}

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
			expect(error?.message).toBe(`Could not reach the nextAuth API at ${simulator.baseUrl}: its TLS certificate was not accepted`);
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
		expect(error?.message).toBe(`The ${field} of the NextAuth credential contains line breaks or other control characters`);
		expect(JSON.stringify({ ...error, message: error?.message, description: error?.description })).not.toContain('X-Injected');
		expect(simulator.requests).toEqual([]);
	});
});
