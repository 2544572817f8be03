/**
 * n8n's egress (SSRF) policy applied to the package's own transport, through n8n's engine with
 * the policy set as an admin would (N8N_SSRF_*): refused targets send nothing and say which
 * setting allows them; allowed ones work; protection off changes nothing.
 */
import http from 'node:http';
import net from 'node:net';

import { OutboundHttp, SsrfProtectionService } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { ICredentialDataDecryptedObject, INodeParameters, NodeEgressFilter } from 'n8n-workflow';

import type * as Egress from '../../../../nodes/shared/transport/egress';
import { packageModule } from '../../../harness/n8nEngine';
import { setSsrfProtection } from '../../../harness/ssrf';
import { useSuite } from '../../../harness/suite';
import { KEYS } from '../../../simulator';

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
				{
					operation: 'provokeLoginOnUser',
					nonce: 'egress',
					userId: { __rl: true, mode: 'id', value: 'alice' },
					waitForLogin: true,
					waitTimeout: 1,
					pollInterval: 0.5,
				},
				{ credentials },
			)
		).error?.message,
		listSearch: await suite.engine.listSearch('searchUsers', credentials, { operation: 'provokeLoginOnUser' }).then(
			() => undefined,
			(error: Error) => error.message,
		),
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

	it("resolves a host name only where it connects: no look-up before the request, and the connection's own look-up refuses a blocked address (DNS rebinding)", async () => {
		setSsrfProtection({ enabled: true });
		const preflight = jest.spyOn(SsrfProtectionService.prototype, 'validateUrl');
		try {
			const credentials = byName({ apiKey: KEYS.all, roleId: '' });
			const { error } = await suite.run(getSession, { credentials });
			expect(preflight).not.toHaveBeenCalled();
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

	it('checks the target once per pool, not once per request, and without a DNS look-up', async () => {
		setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32' });
		const checks = jest.spyOn(SsrfProtectionService.prototype, 'validateConnectionHost');
		const lookups = jest.spyOn(SsrfProtectionService.prototype, 'validateUrl');
		try {
			const items = Array.from({ length: 200 }, (_, n) => ({ json: { nonce: `bulk-${n}` } }));
			const { error, items: output } = await suite.run(
				{ operation: 'getSession', nonce: '={{ $json.nonce }}' },
				{ items },
			);
			expect(error).toBeUndefined();
			expect(output).toHaveLength(200);
			expect(checks).toHaveBeenCalledTimes(1);
			expect(lookups).not.toHaveBeenCalled();
		} finally {
			checks.mockRestore();
			lookups.mockRestore();
		}
	});

	it('allows a host name by name: N8N_SSRF_ALLOWED_HOSTNAMES=localhost', async () => {
		setSsrfProtection({ enabled: true, allowedHostnames: 'localhost' });
		const credentials = byName();
		expect(await everyCall(credentials)).toEqual({
			getSession: undefined,
			qr: undefined,
			push: undefined,
			listSearch: undefined,
		});
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
		/** Names only the proxy can resolve (as on a network whose DNS only the proxy may ask). */
		const PROXY_DNS: Record<string, string> = { 'api.behind-the-proxy.invalid': '127.0.0.1' };
		const behindTheProxy = () => suite.simulator.baseUrl.replace('127.0.0.1', 'api.behind-the-proxy.invalid');
		let proxy: http.Server;
		let proxyUrl = '';
		const tunnels: string[] = [];
		const sockets: net.Socket[] = [];
		beforeAll(async () => {
			proxy = http.createServer((_, res) => res.writeHead(502).end());
			proxy.on('connect', (req, client: net.Socket) => {
				tunnels.push(String(req.url));
				const [host, port] = String(req.url).split(':');
				const upstream = net.connect(Number(port), PROXY_DNS[host] ?? host, () => {
					client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
					upstream.pipe(client);
					client.pipe(upstream);
				});
				upstream.on('error', () => client.destroy());
				client.on('error', () => upstream.destroy());
				// A tunnel leaves the server's books: closing the server would wait for it.
				sockets.push(client, upstream);
			});
			await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
			proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
		});
		beforeEach(() => {
			tunnels.length = 0;
			process.env.HTTP_PROXY = proxyUrl;
		});
		afterEach(() => {
			delete process.env.HTTP_PROXY;
			delete process.env.NO_PROXY;
		});
		afterAll(async () => {
			for (const socket of sockets) socket.destroy();
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

		it('reaches a host name only the proxy can resolve: the name is not looked up here, the proxy is checked', async () => {
			// The proxy (127.0.0.1) is allowed; the target's name resolves nowhere but at the proxy.
			setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32' });
			const credentials = suite.credentials({ baseUrl: behindTheProxy() });
			const { error, items } = await suite.run(getSession, { credentials });

			expect(error).toBeUndefined();
			expect(items[0].json).toHaveProperty('loggedin', false);
			expect(tunnels).toEqual([new URL(behindTheProxy()).host]);
			expect(suite.simulator.requests).toHaveLength(1);
		});

		it('refuses, without asking the proxy, a name on N8N_SSRF_BLOCKED_HOSTNAMES and an IP literal in a blocked range', async () => {
			setSsrfProtection({
				enabled: true,
				allowedIpRanges: '127.0.0.1/32',
				blockedHostnames: 'api.behind-the-proxy.invalid',
			});
			const byName = await suite.run(getSession, { credentials: suite.credentials({ baseUrl: behindTheProxy() }) });
			expect(byName.error?.message).toBe(REFUSED('api.behind-the-proxy.invalid'));

			for (const [baseUrl, refused] of [
				['http://10.1.2.3:8080', '10.1.2.3'],
				['http://[::]:8080', '::'],
				['http://[64:ff9b::a9fe:a9fe]', '64:ff9b::a9fe:a9fe'],
			]) {
				const { error } = await suite.run(getSession, { credentials: suite.credentials({ baseUrl }) });
				expect(error?.message).toBe(REFUSED(refused));
			}
			expect(tunnels).toEqual([]);
			expect(suite.simulator.requests).toEqual([]);
		});

		it('honours NO_PROXY: a name on it is connected to directly, and looked up here through the filter', async () => {
			setSsrfProtection({ enabled: true });
			process.env.NO_PROXY = 'localhost';
			const { error } = await suite.run(getSession, { credentials: byName({ apiKey: KEYS.root }) });
			expect(error?.message).toBe(REFUSED('localhost (127.0.0.1)'));
			expect(tunnels).toEqual([]);
		});
	});
});

describe("addresses that reach blocked ones, which n8n's default ranges miss", () => {
	const suite = useSuite();
	afterAll(() => setSsrfProtection({ enabled: false }));

	/** A server on the IPv6 unspecified address (all interfaces, both families): what `[::]` reaches. */
	const anyHost = { server: http.createServer(), port: 0, requests: 0 };
	beforeAll(async () => {
		anyHost.server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
			anyHost.requests++;
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"loggedin":false}');
		});
		await new Promise<void>((resolve) => anyHost.server.listen(0, '::', resolve));
		anyHost.port = (anyHost.server.address() as net.AddressInfo).port;
	});
	afterAll(async () => {
		anyHost.server.closeAllConnections();
		await new Promise((resolve) => anyHost.server.close(resolve));
	});
	beforeEach(() => (anyHost.requests = 0));

	it("refuses http://[::]:port with protection on (it reaches this host, like ::1); allows it by ::1's range, and with protection off", async () => {
		const credentials = suite.credentials({ baseUrl: `http://[::]:${anyHost.port}` });
		setSsrfProtection({ enabled: false });
		expect((await suite.run(getSession, { credentials })).error).toBeUndefined();
		expect(anyHost.requests).toBe(1);

		setSsrfProtection({ enabled: true });
		const { error } = await suite.run(getSession, { credentials });
		expect(error?.message).toBe(REFUSED('::'));
		expect(error?.description).toBe('A connection to :: reaches ::1, which the egress policy blocks');
		expect(anyHost.requests).toBe(1);

		setSsrfProtection({ enabled: true, allowedIpRanges: '::1/128' });
		expect((await suite.run(getSession, { credentials })).error).toBeUndefined();
		expect(anyHost.requests).toBe(2);
	});

	it.each([
		['http://[64:ff9b::7f00:1]:8080', '64:ff9b::7f00:1'],
		['http://[64:ff9b::127.0.0.1]:8080', '64:ff9b::7f00:1'],
		['http://[64:ff9b::a9fe:a9fe]/', '64:ff9b::a9fe:a9fe'],
		['http://[64:ff9b::0a00:0001]/', '64:ff9b::a00:1'],
		['http://[::ffff:127.0.0.1]:8080', '::ffff:7f00:1'],
	])(
		'refuses the NAT64 (and IPv4-mapped) form of a blocked IPv4 address, %s, without connecting',
		async (baseUrl, refused) => {
			setSsrfProtection({ enabled: true });
			const { error } = await suite.run(
				{ ...getSession, options: { timeout: 2000 } },
				{ credentials: suite.credentials({ baseUrl }) },
			);
			expect(error?.message).toBe(REFUSED(refused));
		},
	);

	it('judges each such address by the one it reaches', () => {
		// The package's own module, as the engine loaded it (dist/, or the sources: packageModule).
		const { reachedAddress } = packageModule<{ reachedAddress(ip: string): string | undefined }>(
			'nodes/shared/transport/egress',
		);
		expect(
			Object.fromEntries(
				[
					'::',
					'0:0:0:0:0:0:0:0',
					'64:ff9b::7f00:1',
					'64:ff9b::127.0.0.1',
					'64:ff9b::808:808',
					'64:ff9b:0:0:0:0:a9fe:a9fe',
					'::1',
					'2001:db8::1',
					'64:ff9b:1::7f00:1',
					'127.0.0.1',
					'fe80::1%eth0',
				].map((ip) => [ip, reachedAddress(ip)]),
			),
		).toEqual({
			'::': '::1',
			'0:0:0:0:0:0:0:0': '::1',
			'64:ff9b::7f00:1': '127.0.0.1',
			'64:ff9b::127.0.0.1': '127.0.0.1',
			'64:ff9b::808:808': '8.8.8.8',
			'64:ff9b:0:0:0:0:a9fe:a9fe': '169.254.169.254',
			'::1': undefined,
			'2001:db8::1': undefined,
			'64:ff9b:1::7f00:1': undefined,
			'127.0.0.1': undefined,
			'fe80::1%eth0': undefined,
		});
	});
});

describe("the egress filter's parts", () => {
	const egress = packageModule<typeof Egress>('nodes/shared/transport/egress');
	afterAll(() => setSsrfProtection({ enabled: false }));
	/** n8n's filter, as `getSecureEgressFilter()` gives it to a node. */
	const n8nFilter = (): NodeEgressFilter => Container.get(OutboundHttp).egressFilter();
	type Lookup = ReturnType<NodeEgressFilter['createSecureLookup']>;
	/**
	 * n8n's filter, whose secure look-up answers from `names` instead of the system's resolver: a
	 * name that resolves to an address n8n's ranges let through although it reaches a blocked one.
	 */
	const filterResolving = (names: Record<string, string>): NodeEgressFilter => {
		const filter = n8nFilter();
		const lookup: Lookup = (hostname, options, callback) => {
			const address = names[hostname];
			if (address === undefined) {
				callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', undefined);
			} else {
				const family = address.includes(':') ? 6 : 4;
				callback(null, options.all ? ([{ address, family }] as never) : address, family);
			}
		};
		return {
			validateConnectionHost: (ip) => filter.validateConnectionHost(ip),
			validateRedirectSync: (url) => filter.validateRedirectSync(url),
			createSecureLookup: () => lookup,
		} as NodeEgressFilter;
	};
	const resolve = (lookup: Lookup, hostname: string, all: boolean) =>
		new Promise<{ error: (Error & { proxy?: string; ip?: string }) | null; address: unknown }>((done) =>
			lookup(hostname, { all }, (error, address) => done({ error: error as never, address })),
		);

	it("reads an IP literal from a URL's host, and takes every other host for a name", () => {
		expect(
			[
				'[::1]',
				'[64:ff9b::7f00:1]',
				'127.0.0.1',
				'192.168.100.200',
				'localhost',
				'1.2.3.4.example',
				'example.1.2.3.4',
				'1234.1.1.1',
			].map((host) => egress.ipLiteralOf(host)),
		).toEqual(['::1', '64:ff9b::7f00:1', '127.0.0.1', '192.168.100.200', undefined, undefined, undefined, undefined]);
	});

	it('refuses an address by the one it reaches, as n8n names a refused address', () => {
		setSsrfProtection({ enabled: true });
		const refusal = egress.addressRefusal(n8nFilter(), '64:ff9b::a9fe:a9fe') as Error & { ip?: string };
		expect({ name: refusal.name, ip: refusal.ip, message: refusal.message }).toEqual({
			name: 'SsrfBlockedIpError',
			ip: '64:ff9b::a9fe:a9fe',
			message: 'A connection to 64:ff9b::a9fe:a9fe reaches 169.254.169.254, which the egress policy blocks',
		});
		expect(egress.addressRefusal(n8nFilter(), '64:ff9b::808:808')).toBeUndefined();
	});

	it("without a filter (n8n 1.x) connects with the credential's TLS setting alone", () => {
		expect(egress.egressDispatcherOptions(undefined, { rejectUnauthorized: false })).toEqual({
			connect: { rejectUnauthorized: false },
		});
	});

	it('looks names up through the filter, refusing those that resolve to an address that reaches a blocked one, keeping the TLS setting', async () => {
		setSsrfProtection({ enabled: true });
		const names = { 'nat64.example': '64:ff9b::7f00:1', 'public.example': '93.184.216.34' };
		const options = egress.egressDispatcherOptions(filterResolving(names), { rejectUnauthorized: false });
		expect(options.connect.rejectUnauthorized).toBe(false);
		const lookup = (options.connect as { lookup: Lookup }).lookup;
		for (const all of [true, false]) {
			const refused = await resolve(lookup, 'nat64.example', all);
			expect({
				name: refused.error?.name,
				ip: refused.error?.ip,
				message: refused.error?.message,
				address: refused.address,
			}).toEqual({
				name: 'SsrfBlockedIpError',
				ip: '64:ff9b::7f00:1',
				message: 'A connection to 64:ff9b::7f00:1 reaches 127.0.0.1, which the egress policy blocks',
				address: all ? [] : '',
			});
			expect(await resolve(lookup, 'public.example', all)).toEqual({
				error: null,
				address: all ? [{ address: '93.184.216.34', family: 4 }] : '93.184.216.34',
			});
		}
		const unknown = await resolve(lookup, 'unknown.example', false);
		expect(unknown.error?.message).toBe('getaddrinfo ENOTFOUND unknown.example');

		// The proxy's name: a refusal says it was the proxy; another failure is passed on as it is.
		const proxyLookup = (options.proxyTls as { lookup: Lookup }).lookup;
		expect((await resolve(proxyLookup, 'nat64.example', true)).error?.proxy).toBe('nat64.example');
		const notFound = await resolve(proxyLookup, 'unknown.example', true);
		expect(notFound.error?.message).toBe('getaddrinfo ENOTFOUND unknown.example');
		expect(notFound.error).not.toHaveProperty('proxy');
	});
});
