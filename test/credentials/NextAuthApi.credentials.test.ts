import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { FROM_SOURCES, N8nEngine, PACKAGE_DIR } from '../harness/n8nEngine';
import { setSsrfProtection } from '../harness/ssrf';
import { SERVER_PATH, useSuite } from '../harness/suite';
import { KEYS, NextAuthSimulator, ROLES, selfSignedCertificate, SERVER_ID } from '../simulator';

describe('NextAuth API credential type', () => {
	let engine: N8nEngine;
	beforeAll(async () => {
		engine = await N8nEngine.load();
	});

	it('is loaded by n8n with its fixed name and fields', () => {
		const loaded = engine.loader.credentialTypes.nextAuthApi.type;
		expect(loaded.displayName).toBe('NextAuth API');
		expect(loaded.properties.map((property) => property.name)).toEqual([
			'apiKey',
			'serverId',
			'roleId',
			'baseUrl',
			'ignoreSSLIssues',
		]);
		const byName = Object.fromEntries(loaded.properties.map((property) => [property.name, property]));
		expect(byName.apiKey).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(byName.roleId).toMatchObject({ typeOptions: { password: true } });
		expect(byName.roleId.required).toBeFalsy();
		expect(byName.baseUrl.default).toBe('https://api.nextauth.com');
		expect(byName.ignoreSSLIssues).toMatchObject({ type: 'boolean', default: false });
	});

	// Used when the credential serves n8n's HTTP Request node ("predefined credential type").
	it('authenticates n8n requests with X-apikey, and X-su only when a role id is set', async () => {
		const request = { url: '/servers/x/users/', headers: { accept: 'application/json' } };
		expect(await engine.credentialsHelper.authenticate({ apiKey: 'k', roleId: '' }, 'nextAuthApi', request)).toEqual({
			...request,
			headers: { accept: 'application/json', 'X-apikey': 'k' },
		});
		expect(await engine.credentialsHelper.authenticate({ apiKey: 'k', roleId: ' r ' }, 'nextAuthApi', request)).toEqual(
			{
				...request,
				headers: { accept: 'application/json', 'X-apikey': 'k', 'X-su': 'r' },
			},
		);
	});

	// n8n loads every credential type when it starts, used or not; undici is the nodes' HTTP client.
	// The built package only: the sources are TypeScript, which a bare Node process does not load.
	(FROM_SOURCES ? it.skip : it)('loads without loading undici (or any of the nodes)', () => {
		const script = `
			require('./dist/credentials/NextAuthApi.credentials.js');
			console.log(JSON.stringify(Object.keys(require.cache).filter((file) => /[\\/](undici|nodes)[\\/]/.test(file))));`;
		const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8' }));
		expect(loaded.filter((file: string) => file.includes('undici'))).toEqual([]);
		expect(loaded.map((file: string) => file.slice(file.indexOf('dist')))).toEqual(
			expect.not.arrayContaining([expect.stringMatching(/NextAuth(Sessions|Trigger)?[\\/]/)]),
		);
	});
});

describe('NextAuth API credential test (run by n8n, as in the credential dialog)', () => {
	const suite = useSuite();
	afterAll(() => setSsrfProtection({ enabled: false }));

	it('passes for a working key, with one get-session call on a throwaway nonce', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ apiKey: KEYS.sessions }));

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${SERVER_PATH}/sessions/`);
		expect(request.headers['x-apikey']).toBe(KEYS.sessions);
		expect(request.headers['x-nonce']).toBe('n8n-credential-test');
		expect(request.headers).not.toHaveProperty('x-su');
	});

	it('keeps a base URL path prefix and ignores a trailing slash', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ baseUrl: `${suite.simulator.baseUrl}/` }));
		expect(result.status).toBe('OK');
		expect(suite.onlyRequest().path).toBe(`${SERVER_PATH}/sessions/`);
	});

	it('sends X-su only when a role id is set, and passes with an allowed role', async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support }));
		expect(result.status).toBe('OK');
		expect(suite.onlyRequest().headers['x-su']).toBe(ROLES.support);
	});

	it.each([
		['a wrong key', { apiKey: 'nope' }, 'The API key was refused (401): check the API key in the NextAuth credential'],
		['no key at all', { apiKey: '' }, 'The API key was refused (401): check the API key in the NextAuth credential'],
		[
			'a key without the sessions permission',
			{ apiKey: KEYS.users },
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		],
		[
			'a role the key may not take',
			{ apiKey: KEYS.sessions, roleId: ROLES.support },
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		],
		[
			'an unknown server',
			{ serverId: 'no-such-server' },
			'Not found (404): no server with this server ID (check the Server ID and the Base URL)',
		],
	])('reports %s in plain words', async (_, overrides, message) => {
		const result = await suite.engine.testCredentials(suite.credentials(overrides));
		expect(result).toEqual({ status: 'Error', message });
	});

	it("reports an unreachable base URL with the network error code (n8n's own wording for a request it makes)", async () => {
		const result = await suite.engine.testCredentials(suite.credentials({ baseUrl: 'http://127.0.0.1:9' }));
		expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});

	it("honours n8n's SSRF protection: a loopback base URL is refused without a request, and allowed by range", async () => {
		setSsrfProtection({ enabled: true });
		const refused = await suite.engine.testCredentials(suite.credentials());
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/blocked|restricted|SSRF/i);
		expect(suite.simulator.requests).toEqual([]);

		setSsrfProtection({ enabled: true, allowedIpRanges: '127.0.0.1/32' });
		expect(await suite.engine.testCredentials(suite.credentials())).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	describe('redirects: followed by none, explained by each', () => {
		/** Another host (another port): records every request it gets, with its headers. */
		const elsewhere = { server: http.createServer(), url: '', requests: [] as http.IncomingHttpHeaders[] };
		beforeAll(async () => {
			elsewhere.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
				elsewhere.requests.push(req.headers);
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"loggedin":false}');
			});
			await new Promise<void>((resolve) => elsewhere.server.listen(0, '127.0.0.1', resolve));
			elsewhere.url = `http://127.0.0.1:${(elsewhere.server.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			elsewhere.server.closeAllConnections();
			await new Promise((resolve) => elsewhere.server.close(resolve));
		});
		beforeEach(() => (elsewhere.requests.length = 0));

		it.each([301, 302, 303, 307, 308])(
			'a %p to another host fails the test in plain words, and the key and role id never reach that host',
			async (status) => {
				suite.simulator.failNext(1, { status, headers: { location: `${elsewhere.url}${SERVER_PATH}/sessions/` } });
				const result = await suite.engine.testCredentials(
					suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support }),
				);

				expect(result).toEqual({
					status: 'Error',
					message: `The nextAuth API answered with a redirect (${status}): the Base URL probably points at the wrong place`,
				});
				expect(suite.onlyRequest().status).toBe(status);
				expect(elsewhere.requests).toEqual([]);
			},
		);
	});

	describe('Ignore SSL Issues, against the simulator over HTTPS with a self-signed certificate', () => {
		const https = new NextAuthSimulator({ tls: selfSignedCertificate() });
		beforeAll(async () => await https.start());
		afterAll(async () => await https.stop());
		const credentials = (ignoreSSLIssues: boolean) => ({
			apiKey: KEYS.sessions,
			serverId: SERVER_ID,
			baseUrl: https.baseUrl,
			ignoreSSLIssues,
		});

		it('off (the default): the certificate is refused, nothing is asked', async () => {
			const result = await suite.engine.testCredentials(credentials(false));
			expect(result).toEqual({ status: 'Error', message: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
			expect(https.requests).toEqual([]);
		});

		it('on: the test passes like the nodes do, with one get-session call', async () => {
			const result = await suite.engine.testCredentials(credentials(true));
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(https.requests.map((request) => [request.method, request.path])).toEqual([
				['GET', `${SERVER_PATH}/sessions/`],
			]);
		});
	});

	describe('values no request can carry: refused before anything is sent, naming the field', () => {
		it.each([
			[
				'API Key',
				{ apiKey: 'sim-key-ÿ-\u0100' },
				'The API Key of the NextAuth credential contains characters an HTTP header cannot carry (only printable ASCII)',
			],
			[
				'API Key',
				{ apiKey: 'sim-key\r\nX-Injected: 1' },
				'The API Key of the NextAuth credential contains line breaks or other control characters',
			],
			[
				'Role ID',
				{ apiKey: KEYS.root, roleId: 'role-\u2603' },
				'The Role ID of the NextAuth credential contains characters an HTTP header cannot carry (only printable ASCII)',
			],
			[
				'Server ID',
				{ serverId: 'sim\ud800Server' },
				'The Server ID of the NextAuth credential must not contain unpaired surrogate characters',
			],
		])('the %s (%#)', async (_, overrides, message) => {
			const result = await suite.engine.testCredentials(suite.credentials(overrides));
			expect(result).toEqual({ status: 'Error', message });
			expect(suite.simulator.requests).toEqual([]);
		});

		it('a Server ID with a well-formed surrogate pair (an emoji) is sent, percent-encoded', async () => {
			const result = await suite.engine.testCredentials(suite.credentials({ serverId: 'sim-\ud83d\ude00' }));
			expect(result.message).toBe(
				'Not found (404): no server with this server ID (check the Server ID and the Base URL)',
			);
			expect(suite.onlyRequest().path).toBe('/servers/sim-%F0%9F%98%80/sessions/');
		});
	});
});
