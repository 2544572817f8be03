/**
 * n8n's egress (SSRF) policy applied to the package's own transport, through n8n's engine with
 * the policy set as an admin would (N8N_SSRF_*): refused targets send nothing and say which
 * setting allows them; allowed ones work; protection off changes nothing.
 */
import http from 'node:http';
import net from 'node:net';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { SsrfProtectionService } from '@n8n/backend-network';

import { KEYS } from '../../../simulator';
import { setSsrfProtection } from '../../../harness/ssrf';
import { useSuite } from '../../../harness/suite';

const REFUSED = (target: string) =>
	`n8n's SSRF protection does not allow requests to ${target}; an admin can allow it with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES`;

const getSession: INodeParameters = { operation: 'getSession', nonce: 'egress' };
const qr: INodeParameters = { operation: 'getQrLogin', nonce: 'egress', qrFormat: 'raw' };

describe('egress policy (N8N_SSRF_*)', () => {
	const suite = useSuite();
	afterAll(() => setSsrfProtection({ enabled: false }));
	/** The simulator by host name: `localhost`, which resolves to 127.0.0.1. */
	const byName = (overrides: ICredentialDataDecryptedObject = {}) =>
		suite.credentials({ baseUrl: suite.simulator.baseUrl.replace('127.0.0.1', 'localhost'), ...overrides });

	/** Every kind of call: two operations, a push with Wait for Login, and list search. */
	const everyCall = async (credentials = suite.credentials()) => ({
		getSession: (await suite.run(getSession, { credentials })).error?.message,
		qr: (await suite.run(qr, { credentials })).error?.message,
		push: (
			await suite.run(
				{ operation: 'provokeLoginOnUser', nonce: 'egress', userId: { __rl: true, mode: 'id', value: 'alice' }, waitForLogin: true, waitTimeout: 1, pollInterval: 0.5 },
				{ credentials },
			)
		).error?.message,
		listSearch: await suite.engine
			.listSearch('searchUsers', credentials, { operation: 'provokeLoginOnUser' })
			.then(() => undefined, (error: Error) => error.message),
	});

	it('with protection off (n8n default), loopback works as before', async () => {
		setSsrfProtection({ enabled: false });
		expect(await everyCall()).toEqual({ getSession: undefined, qr: undefined, push: undefined, listSearch: undefined });
		expect(suite.simulator.requests.length).toBeGreaterThanOrEqual(5);
	});

	it('with protection on, a loopback base URL is refused by every call, and nothing is sent', async () => {
		setSsrfProtection({ enabled: true });
		const refused = REFUSED('127.0.0.1');
		expect(await everyCall()).toEqual({ getSession: refused, qr: refused, push: refused, listSearch: refused });
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses a host name that resolves to a blocked address, naming both', async () => {
		setSsrfProtection({ enabled: true });
		const credentials = byName();
		const { error } = await suite.run(getSession, { credentials });
		expect(error?.message).toBe(REFUSED('localhost (127.0.0.1)'));
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses at connect time too: a name whose pre-flight check passed is resolved again through the filter (DNS rebinding)', async () => {
		setSsrfProtection({ enabled: true });
		// As if the name had resolved to an allowed address a moment ago: the pre-flight check
		// passes, and only the lookup of the new connection sees the blocked address.
		const preflight = jest.spyOn(SsrfProtectionService.prototype, 'validateUrl').mockResolvedValue({ ok: true, result: undefined });
		try {
			const credentials = byName({ apiKey: KEYS.all, roleId: '' });
			const { error } = await suite.run(getSession, { credentials });
			expect(preflight).toHaveBeenCalled();
			expect(error?.message).toBe(REFUSED('localhost (127.0.0.1)'));
			expect(suite.simulator.requests).toEqual([]);
		} finally {
			preflight.mockRestore();
		}
	});

	it('refuses a host name on N8N_SSRF_BLOCKED_HOSTNAMES', async () => {
		setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32', blockedHostnames: 'localhost' });
		const credentials = byName();
		const { error } = await suite.run(getSession, { credentials });
		expect(error?.message).toBe(REFUSED('localhost'));
		expect(suite.simulator.requests).toEqual([]);
	});

	it('with continue-on-fail, a refusal is one error item per input item', async () => {
		setSsrfProtection({ enabled: true });
		const items = [0, 1].map((n) => ({ json: { n } }));
		const { items: output } = await suite.run(getSession, { items, continueOnFail: true });
		expect(output).toEqual(items.map((_, item) => ({ json: { error: REFUSED('127.0.0.1') }, pairedItem: { item } })));
		expect(suite.simulator.requests).toEqual([]);
	});

	it('allows loopback by range: N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32', async () => {
		setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32' });
		expect(await everyCall()).toEqual({ getSession: undefined, qr: undefined, push: undefined, listSearch: undefined });
	});

	it('checks the target once a second per pool, not once per request', async () => {
		setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32' });
		const checks = jest.spyOn(SsrfProtectionService.prototype, 'validateUrl');
		try {
			const items = Array.from({ length: 200 }, (_, n) => ({ json: { nonce: `bulk-${n}` } }));
			const started = Date.now();
			const { error, items: output } = await suite.run({ operation: 'getSession', nonce: '={{ $json.nonce }}' }, { items });
			expect(error).toBeUndefined();
			expect(output).toHaveLength(200);
			expect(checks.mock.calls.length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - started) / 1000));
		} finally {
			checks.mockRestore();
		}
	});

	it('allows a host name by name: N8N_SSRF_ALLOWED_HOSTNAMES=localhost', async () => {
		setSsrfProtection({ enabled: true, allowedHostnames: 'localhost' });
		const credentials = byName();
		expect(await everyCall(credentials)).toEqual({ getSession: undefined, qr: undefined, push: undefined, listSearch: undefined });
	});

	it('never shares a pool between policies: a pool made while protection was off is not used once it is on', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.root });
		setSsrfProtection({ enabled: false });
		expect((await suite.run(getSession, { credentials })).error).toBeUndefined();
		setSsrfProtection({ enabled: true });
		expect((await suite.run(getSession, { credentials })).error?.message).toBe(REFUSED('127.0.0.1'));
		expect(suite.simulator.requests).toHaveLength(1);
	});

	describe('through a proxy', () => {
		let proxy: http.Server;
		let proxyUrl = '';
		const tunnels: string[] = [];
		beforeAll(async () => {
			proxy = http.createServer((_, res) => res.writeHead(502).end());
			proxy.on('connect', (req, client: net.Socket) => {
				tunnels.push(String(req.url));
				const [host, port] = String(req.url).split(':');
				const upstream = net.connect(Number(port), host, () => {
					client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
					upstream.pipe(client);
					client.pipe(upstream);
				});
				upstream.on('error', () => client.destroy());
				client.on('error', () => upstream.destroy());
			});
			await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
			proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
		});
		afterAll(async () => {
			delete process.env.HTTP_PROXY;
			proxy.closeAllConnections();
			await new Promise((resolve) => proxy.close(resolve));
		});

		it('refuses a proxy in a blocked range, even when the target is allowed by name', async () => {
			// The target is allowed by host name; the proxy at 127.0.0.1 is not.
			setSsrfProtection({ enabled: true, allowedHostnames: 'localhost' });
			process.env.HTTP_PROXY = proxyUrl;
			tunnels.length = 0;
			try {
				// Pools read the proxy when they are made: a key of its own makes a new pool.
				const credentials = byName({ apiKey: KEYS.sessions });
				const { error } = await suite.run(getSession, { credentials });
				expect(error?.message).toBe(REFUSED('the proxy 127.0.0.1'));
				expect(tunnels).toEqual([]);
				expect(suite.simulator.requests).toEqual([]);
			} finally {
				delete process.env.HTTP_PROXY;
			}
		});
	});
});
