import dns from 'node:dns';
import net from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import type * as Errors from '../../../../nodes/shared/transport/errors';
import type * as Transport from '../../../../nodes/shared/transport/index';
import type * as Redaction from '../../../../nodes/shared/transport/redaction';
import { packageModule } from '../../../harness/n8nEngine';
import { useSuite } from '../../../harness/suite';
import { KEYS, LOGGED_IN_NONCE, SERVER_ID } from '../../../simulator';

describe('transport: retries, timeouts, network faults', () => {
	const suite = useSuite();
	const getSession = (options: INodeParameters = {}): INodeParameters => ({
		operation: 'getSession',
		nonce: 'fault',
		options,
	});
	/** A base URL of its own (the query is not used), so a pool of its own: its first request opens a connection. */
	let pools = 0;
	const ownPool = () => suite.credentials({ baseUrl: `${suite.simulator.baseUrl}/?pool=${++pools}` });
	const push = (parameters: INodeParameters = {}): INodeParameters => ({
		operation: 'provokeLoginOnUser',
		nonce: 'push-once',
		userId: { __rl: true, mode: 'id', value: 'bob' },
		...parameters,
	});

	it.each([429, 503])('retries %p after the Retry-After seconds and succeeds', async (status) => {
		suite.simulator.failNext(1, { status, headers: { 'retry-after': '1' } });
		const started = Date.now();
		const { items, error } = await suite.run(getSession());

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ loggedin: false });
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([status, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('understands Retry-After as an HTTP date', async () => {
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': new Date(Date.now() + 1500).toUTCString() } });
		const started = Date.now();
		const { error } = await suite.run(getSession());
		expect(error).toBeUndefined();
		expect(suite.simulator.requests).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
	});

	it('gives up after Max Retries and says how often it tried', async () => {
		suite.simulator.failNext(5, { status: 503, headers: { 'retry-after': '0' } });
		const { error } = await suite.run(getSession({ maxRetries: 2 }));
		expect(error?.message).toBe('The nextAuth API had a server error (503), try again later (gave up after 2 retries)');
		expect(error?.httpCode).toBe('503');
		expect(suite.simulator.requests).toHaveLength(3);
	});

	it('does not wait longer than Max Retry Wait: a longer Retry-After ends the retries at once', async () => {
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '3600' } });
		const started = Date.now();
		const { error } = await suite.run(getSession({ maxRetryWait: 5000 }));
		expect(error?.message).toBe('Too many requests (429): the nextAuth API is rate limiting, try again later');
		expect(suite.simulator.requests).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('does not retry other errors', async () => {
		suite.simulator.failNext(1, { status: 500, headers: { 'retry-after': '0' } });
		const { error } = await suite.run(getSession());
		expect(error?.httpCode).toBe('500');
		expect(suite.simulator.requests).toHaveLength(1);
	});

	it('stops waiting for a server that accepts and never answers, and says after how long', async () => {
		suite.simulator.failNext(1, { kind: 'stall' });
		const started = Date.now();
		const { error } = await suite.run(getSession({ timeout: 300 }));
		expect(error?.message).toBe(`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 300 ms`);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('bounds a body that trickles in slower than the timeout', async () => {
		suite.simulator.failNext(1, { kind: 'slowBody', delayMs: 100 });
		const { error } = await suite.run(getSession({ timeout: 300 }));
		expect(error?.message).toMatch(/timed out after 300 ms$/);
	});

	it('reads a slow body that arrives within the timeout', async () => {
		suite.simulator.failNext(1, { kind: 'slowBody', delayMs: 5 });
		const { error, items } = await suite.run(getSession({ timeout: 5000 }));
		expect(error).toBeUndefined();
		expect(items[0].json).toHaveProperty('loginqrdata');
	});

	it.each([
		['closes the connection without answering', 'reset'],
		['closes the connection in the middle of the body', 'resetMidBody'],
	] as const)('reports a server that %s as a clear error', async (_, kind) => {
		// On a new connection: a kept-alive one closed before any answer is tried once more (below).
		suite.simulator.failNext(1, { kind });
		const { error } = await suite.run(getSession(), { credentials: ownPool() });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			`Could not reach the nextAuth API at ${suite.simulator.baseUrl}: the connection was closed unexpectedly`,
		);
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([kind]);
	});

	it('refuses a login status sent as HTML, naming the likely cause', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: '<html>maintenance</html>' });
		const { error } = await suite.run(getSession());
		expect(error?.message).toBe(
			"The answer (200) was a web page, not the nextAuth API's: the Base URL in the NextAuth credential probably points at a web page, a proxy or a captive portal rather than the nextAuth API",
		);
	});

	it('reports a host name that does not resolve', async () => {
		const { error } = await suite.run(getSession(), {
			credentials: suite.credentials({ baseUrl: 'http://nextauth-test.invalid' }),
		});
		expect(error?.message).toBe(
			'Could not reach the nextAuth API at http://nextauth-test.invalid: its host name could not be resolved',
		);
	});

	it('applies the timeout to each attempt, not to the wait between retries', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '1' } });
		const { error } = await suite.run(getSession({ timeout: 500 }));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests).toHaveLength(2);
	});

	it('stops promptly when n8n cancels the execution, during a request or a retry wait', async () => {
		for (const fault of [{ kind: 'stall' as const }, { status: 429, headers: { 'retry-after': '5' } }]) {
			suite.simulator.failNext(1, fault);
			const started = Date.now();
			const { error } = await suite.engine.run({
				parameters: getSession(),
				// its own key, so its own connection pool: the 429 pauses that pool for 5 s
				credentials: suite.credentials({ apiKey: KEYS.sessions }),
				cancelAfterMs: 300,
			});
			expect(Date.now() - started).toBeLessThan(3000);
			expect(error?.message).toBe('The request was cancelled');
		}
	});

	it('with continue-on-fail, every kind of fault becomes one error item paired with its input', async () => {
		const faults = [
			{ status: 500 },
			{ kind: 'reset' as const },
			{ status: 200, body: 'not json' },
			{ kind: 'stall' as const },
			{ status: 404 },
		];
		const items = [...faults, undefined].map((_, n) => ({ json: { nonce: `mixed-${n}` } }));
		faults.forEach((fault, n) => suite.simulator.failNonce(`mixed-${n}`, fault));
		const { items: output } = await suite.run(
			{ operation: 'getSession', nonce: '={{ $json.nonce }}', options: { timeout: 300 } },
			{ items, continueOnFail: true },
		);
		expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((item) => Object.keys(item.json))).toEqual([
			['error'],
			['error'],
			['error'],
			['error'],
			['error'],
			['loggedin', 'canprovoke', 'loginqrdata', 'hsid'],
		]);
	});

	it('pauses every request of the pool after a 429, not only the refused one', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.root });
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
		const first = suite.run(getSession(), { credentials });
		await new Promise((resolve) => setTimeout(resolve, 200));
		const started = Date.now();
		const second = await suite.run({ operation: 'getSession', nonce: 'second' }, { credentials });
		expect(second.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(600);
		expect((await first).error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([429, 200, 200]);
	});

	it('keeps working after faults: the pool drops broken connections', async () => {
		suite.simulator.failNext(1, { kind: 'reset' });
		await suite.run(getSession());
		const { error } = await suite.run({ operation: 'getSession', nonce: LOGGED_IN_NONCE });
		expect(error).toBeUndefined();
	});

	describe('a kept-alive connection the server closed', () => {
		/** One request, then a moment idle: the pool's connection is kept alive for the next request. */
		const warmUp = async (credentials: ReturnType<typeof ownPool>) => {
			expect((await suite.run(getSession(), { credentials })).error).toBeUndefined();
			await new Promise((resolve) => setTimeout(resolve, 50));
		};

		it('a GET on it is sent again once, on a new connection, and succeeds', async () => {
			const credentials = ownPool();
			await warmUp(credentials);
			const connections = suite.simulator.connections;
			suite.simulator.failNext(1, { kind: 'reset' });
			const { items, error } = await suite.run(getSession(), { credentials });
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ loggedin: false });
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([200, 'reset', 200]);
			expect(suite.simulator.connections).toBe(connections + 1);
		});

		it('a GET is sent again once only: a second closed connection is the error', async () => {
			const credentials = ownPool();
			await warmUp(credentials);
			suite.simulator.failNext(2, { kind: 'reset' });
			const { error } = await suite.run(getSession(), { credentials });
			expect(error?.message).toMatch(/the connection was closed unexpectedly$/);
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([200, 'reset', 'reset']);
		});

		it('a GET sent again that then stalls names the Timeout it was given, not what was left of it', async () => {
			// CI once read "timed out after 999 ms" for a Timeout of 1000: the message named the time
			// left when the attempt was sent rather than the time the request was given.
			const credentials = ownPool();
			await warmUp(credentials);
			suite.simulator.failNext(1, {
				kind: 'respond',
				respond: async ({ req }) => {
					await new Promise((resolve) => setTimeout(resolve, 100));
					req.socket.destroy();
				},
			});
			suite.simulator.failNext(1, { kind: 'stall' });
			const { error } = await suite.run(getSession({ timeout: 400 }), { credentials });
			expect(error?.message).toBe(
				`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 400 ms`,
			);
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([200, 'respond', 'stall']);
		});

		it('a GET on a new connection closed before the answer is not sent again: that is no stale connection', async () => {
			suite.simulator.failNext(1, { kind: 'reset' });
			const { error } = await suite.run(getSession(), { credentials: ownPool() });
			expect(error?.message).toMatch(/the connection was closed unexpectedly$/);
			expect(suite.simulator.requests.map((request) => request.status)).toEqual(['reset']);
		});

		it('a push written on it is not sent again: the API may have received it', async () => {
			const credentials = ownPool();
			await warmUp(credentials);
			suite.simulator.failNext(1, { kind: 'reset', acted: true });
			const { error } = await suite.run(push(), { credentials });
			expect(error?.message).toMatch(/the connection was closed unexpectedly$/);
			expect(suite.simulator.requests.map((request) => [request.method, request.status])).toEqual([
				['GET', 200],
				['POST', 'reset'],
			]);
			expect(suite.simulator.pushes).toHaveLength(1);
		});
	});

	describe('side effects at most once', () => {
		it('a push answered 503 after the API pushed is not sent again, and the error says why', async () => {
			suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
			const { error } = await suite.run(push());
			expect(error?.message).toBe(
				'The nextAuth API had a server error (503), try again later (not sent again: the API may already have pushed the login)',
			);
			expect(error?.httpCode).toBe('503');
			expect(suite.simulator.requests).toHaveLength(1);
			expect(suite.simulator.pushes).toHaveLength(1);
		});

		it.each([
			['provokeLogin', { nonce: LOGGED_IN_NONCE }],
			['provokeLoginOnAccount', { accountId: { __rl: true, mode: 'id', value: '3' } }],
			['provokeLoginOnUser', { userId: { __rl: true, mode: 'id', value: 'bob' } }],
		] as const)(
			'%s: a 503 is not retried, a 429 is (the API refused it unprocessed)',
			async (operation, parameters) => {
				suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
				const refused = await suite.run({ operation, nonce: 'once', ...parameters });
				expect(refused.error?.httpCode).toBe('503');
				expect(suite.simulator.requests).toHaveLength(1);

				suite.simulator.clearRecords();
				suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '0' } });
				const { error } = await suite.run({ operation, nonce: 'once', ...parameters });
				expect(error).toBeUndefined();
				expect(suite.simulator.requests.map((request) => request.status)).toEqual([429, 200]);
				expect(suite.simulator.pushes).toHaveLength(1);
			},
		);

		it('a push that timed out is not sent again', async () => {
			suite.simulator.failNext(1, { kind: 'stall', acted: true });
			const { error } = await suite.run(push({ options: { timeout: 300 } }));
			expect(error?.message).toMatch(/timed out after 300 ms$/);
			expect(suite.simulator.requests).toHaveLength(1);
			expect(suite.simulator.pushes).toHaveLength(1);
		});

		it('a refused connection is reported, not retried (for no call: it is no passing refusal)', async () => {
			const { error } = await suite.run(push(), { credentials: suite.credentials({ baseUrl: 'http://127.0.0.1:1' }) });
			expect(error?.message).toBe('Could not reach the nextAuth API at http://127.0.0.1:1: the connection was refused');
		});

		it('an idempotent call (a PUT: Block) keeps its 503 retries', async () => {
			suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
			const { error } = await suite.engine.run({
				node: 'nextAuth',
				parameters: { resource: 'account', operation: 'block', accountId: { __rl: true, mode: 'id', value: '3' } },
				credentials: suite.credentials(),
			});
			expect(error).toBeUndefined();
			expect(suite.simulator.requests.map((request) => [request.method, request.status])).toEqual([
				['PUT', 503],
				['PUT', 200],
			]);
			suite.simulator.resetWorld();
		});
	});
});

describe('transport: redirects are never followed, and say where they pointed', () => {
	const suite = useSuite();
	const logout = { operation: 'logout', nonce: LOGGED_IN_NONCE, options: { maxRetries: 0 } };

	it.each([
		[301, 'https://user:secret@other.example:8443/servers/x/sessions/logout?token=1#top', 'https://other.example:8443'],
		[302, 'http://OTHER.example/', 'http://other.example'],
		[307, '//cdn.example/login', 'http://cdn.example'],
		[308, 'https://api.nextauth.com/v2/servers/', 'https://api.nextauth.com'],
	])(
		'a %p names the origin of its Location (no user info, path or query) and blames the Base URL',
		async (status, location, origin) => {
			suite.simulator.failNext(1, { status, headers: { location }, body: '' });
			const { error } = await suite.run(logout);

			expect(error?.message).toBe(
				`The nextAuth API answered with a redirect (${status}) to ${origin}: the Base URL probably points at the wrong place`,
			);
			expect(error?.httpCode).toBe(String(status));
			expect(JSON.stringify(error)).not.toContain('secret');
			expect(suite.onlyRequest().status).toBe(status);
		},
	);

	it('resolves a relative Location against the request, on the API host itself', async () => {
		suite.simulator.failNext(1, { status: 302, headers: { location: '/login?next=/servers/' } });
		const { error } = await suite.run(logout);
		expect(error?.message).toBe(
			`The nextAuth API answered with a redirect (302) to ${suite.simulator.baseUrl}: the Base URL probably points at the wrong place`,
		);
	});

	it('without a usable Location, says it was a redirect all the same', async () => {
		suite.simulator.failNext(1, { status: 303 });
		suite.simulator.failNext(1, { status: 301, headers: { location: 'mailto:admin@example.com' } });
		const sentence = (status: number) =>
			`The nextAuth API answered with a redirect (${status}): the Base URL probably points at the wrong place`;
		expect((await suite.run(logout)).error?.message).toBe(sentence(303));
		expect((await suite.run(logout)).error?.message).toBe(sentence(301));
	});

	it('hides the API key in the host of a Location, which parsing lower-cases', async () => {
		const apiKey = 'Mixed-Case-Key-0123ABCD';
		suite.simulator.failNext(1, { status: 302, headers: { location: `http://${apiKey}.example/moved` } });
		const { error } = await suite.run(logout, { credentials: suite.credentials({ apiKey }) });
		expect(error?.message).toBe(
			'The nextAuth API answered with a redirect (302) to http://***.example: the Base URL probably points at the wrong place',
		);
		expect(JSON.stringify(error).toLowerCase()).not.toContain(apiKey.toLowerCase());
	});

	it('a 304 is no redirect: an unexpected status', async () => {
		suite.simulator.failNext(1, { status: 304 });
		const { error } = await suite.run(logout);
		expect(error?.message).toBe('The nextAuth API answered with an unexpected status (304)');
	});
});

describe('transport: credential values a header cannot carry', () => {
	const suite = useSuite();

	it.each([
		['API Key', { apiKey: `${KEYS.all}\u0100` }],
		['API Key', { apiKey: `${KEYS.all}é` }],
		['Role ID', { apiKey: KEYS.root, roleId: 'role-\u2603' }],
		['Role ID', { apiKey: KEYS.root, roleId: 'role-\ud800' }],
	])('refuses the %s before any request, naming the field and never quoting the value (%#)', async (field, secrets) => {
		const credentials = suite.credentials(secrets);
		for (const parameters of [
			{ operation: 'getSession', nonce: 'n' },
			{ operation: 'logout', nonce: 'n' },
		]) {
			const { error } = await suite.run(parameters, { credentials });
			expect(error?.message).toBe(
				`The ${field} of the NextAuth credential contains characters an HTTP header cannot carry (only printable ASCII)`,
			);
			const shown = JSON.stringify({ ...error, message: error?.message, description: error?.description });
			expect(shown).not.toContain(JSON.stringify(Object.values(secrets).at(-1)).slice(1, -1));
		}
		const picker = await suite.engine.listSearch('searchUsers', credentials, { operation: 'provokeLoginOnUser' }).then(
			() => undefined,
			(error: Error) => error.message,
		);
		expect(picker).toBe(
			`The ${field} of the NextAuth credential contains characters an HTTP header cannot carry (only printable ASCII)`,
		);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('a Server ID no URL can carry, from the credential, is refused by name in the pickers too', async () => {
		const picker = await suite.engine
			.listSearch('searchUsers', suite.credentials({ serverId: 'sim\udc00' }), { operation: 'provokeLoginOnUser' })
			.then(
				() => undefined,
				(error: Error) => error.message,
			);
		expect(picker).toBe('Server ID: must not contain unpaired surrogate characters');
		expect(suite.simulator.requests).toEqual([]);
	});
});

/**
 * The transport called as the nodes call it (sendNextAuthRequest and the functions beside it),
 * without an n8n run around it: what a node's output cannot show (whether a failure is one a
 * later call may not meet, the server's clock, the headers of a call without a session) and the
 * edges of the retry and pause budgets.
 */
describe('transport: the request entry, called directly', () => {
	const suite = useSuite();
	const transport = packageModule<typeof Transport>('nodes/shared/transport/index');
	const { NextAuthHttpError, NextAuthNetworkError } = packageModule<typeof Errors>('nodes/shared/transport/errors');
	const { NO_REDACTION } = packageModule<typeof Redaction>('nodes/shared/transport/redaction');
	const session = { method: 'GET', path: '/sessions/', permission: 'sessions' } as const;
	/** A base URL of its own, so a pool of its own (no pause or connection shared with another test). */
	let pools = 0;
	const credentialsFor = (apiKey: string = KEYS.all) => ({
		apiKey,
		roleId: '',
		serverId: SERVER_ID,
		baseUrl: `${suite.simulator.baseUrl}/?direct=${++pools}`,
		ignoreSSLIssues: false,
	});
	const send = async (
		credentials: ReturnType<typeof credentialsFor>,
		settings: Partial<Transport.RequestSettings> = {},
		request: Transport.NextAuthRequest = session,
	) => await transport.sendNextAuthRequest(credentials, request, { serverId: SERVER_ID, nonce: 'direct', ...settings });
	const failure = async (sent: Promise<unknown>) =>
		await sent.then(
			() => {
				throw new Error('the request succeeded');
			},
			(error: unknown) => error as Error,
		);
	/** The sentence an error item would show (an HTTP error's with its notes). */
	const sentenceOf = (error: Error) => (error instanceof NextAuthHttpError ? error.fullSentence : error.message);

	describe('path segments', () => {
		it('encodes a segment, or refuses it naming the field', () => {
			expect(transport.pathSegment('a/b+c=?%')).toBe('a%2Fb%2Bc%3D%3F%25');
			expect(() => transport.pathSegment('', 'User ID')).toThrow('User ID: is required');
			expect(() => transport.pathSegment('..')).toThrow('ID: ".." is not a valid ID');
		});

		it('keeps a path prefix of the Base URL without its trailing slashes', () => {
			const request = { method: 'GET', path: '/users/', permission: 'users', query: { limit: 5 } } as const;
			expect(transport.buildPath(new URL('https://host/prefix//'), 'c2Vy/dg==', request)).toBe(
				'/prefix/servers/c2Vy%2Fdg%3D%3D/users/?limit=5',
			);
			expect(transport.buildPath(new URL('https://host'), 's', request)).toBe('/servers/s/users/?limit=5');
			// A call that names no server starts at the Base URL.
			const global = { method: 'GET', path: '/apikeys/', permission: 'root', global: true } as const;
			expect(transport.buildPath(new URL('https://host/prefix/'), 's', global)).toBe('/prefix/apikeys/');
		});
	});

	it('sends the API key, what it accepts, no compression, its name, and no X-nonce for a call without a session', async () => {
		await send(credentialsFor(), {}, { method: 'GET', path: '/users/', permission: 'users' });
		await send(credentialsFor(), {}, { method: 'GET', path: '/users/', permission: 'users', withoutNonce: true });
		await send(
			credentialsFor(),
			{ nonce: undefined },
			{ method: 'GET', path: '/vash', accept: 'application/octet-stream', permission: 'servers' },
		);
		const headers = suite.simulator.requests.map(({ headers: sent }) => ({
			accept: sent.accept,
			encoding: sent['accept-encoding'],
			agent: sent['user-agent'],
			key: sent['x-apikey'],
			nonce: sent['x-nonce'],
		}));
		expect(headers).toEqual([
			{ accept: 'application/json', encoding: 'identity', agent: 'n8n-nodes-nextauth', key: KEYS.all, nonce: 'direct' },
			{
				accept: 'application/json',
				encoding: 'identity',
				agent: 'n8n-nodes-nextauth',
				key: KEYS.all,
				nonce: undefined,
			},
			{
				accept: 'application/octet-stream',
				encoding: 'identity',
				agent: 'n8n-nodes-nextauth',
				key: KEYS.all,
				nonce: undefined,
			},
		]);
	});

	it("gives the server's clock (its Date header) and the answer's content type, or none", async () => {
		const answered = await send(credentialsFor());
		expect(answered.contentType).toMatch(/^application\/json/);
		// Node's server sends a Date header (whole seconds) with every answer.
		expect(Math.abs((answered.date ?? 0) - Date.now())).toBeLessThan(5000);
		expect(answered.date! % 1000).toBe(0);

		suite.simulator.failNext(1, {
			kind: 'respond',
			respond: async ({ res }) => {
				// No Date header: the simulator's own (its clock) removed, Node's not added.
				res.removeHeader('date');
				res.sendDate = false;
				res.writeHead(200);
				res.end('{"loggedin":false}');
			},
		});
		const bare = await send(credentialsFor());
		expect(bare.contentType).toBe('');
		expect(bare).not.toHaveProperty('date');
	});

	describe('which failures a later call may not meet (isPassingFailure)', () => {
		const httpError = (status: number) =>
			new NextAuthHttpError({ permission: 'sessions' }, status, '', Buffer.alloc(0), undefined, NO_REDACTION);

		it.each([
			[429, true],
			[500, true],
			[503, true],
			[599, true],
			[499, false],
			[404, false],
			[400, false],
		])('an answer %p: %p', (status, passing) => {
			expect(transport.isPassingFailure(httpError(status))).toBe(passing);
		});

		it('a timeout, a refused or reset connection are; a cancellation, a bad value or another error are not', async () => {
			suite.simulator.failNext(1, { kind: 'stall' });
			const timedOut = await failure(send(credentialsFor(), { timeoutMs: 200 }));
			expect(timedOut.message).toMatch(/timed out after 200 ms$/);
			expect(transport.isPassingFailure(timedOut)).toBe(true);

			const refused = await failure(
				send(
					{ ...credentialsFor(), baseUrl: `http://127.0.0.1:${await closedPort()}` },
					{ retry: { maxRetries: 0, maxWaitMs: 0 } },
				),
			);
			expect(refused.message).toMatch(/the connection was refused/);
			expect(transport.isPassingFailure(refused)).toBe(true);

			suite.simulator.failNext(1, { kind: 'reset' });
			const reset = await failure(send(credentialsFor()));
			expect(transport.isPassingFailure(reset)).toBe(true);

			const controller = new AbortController();
			suite.simulator.failNext(1, { kind: 'stall' });
			const cancelled = failure(
				send(credentialsFor(), { cancellation: new transport.Cancellation(controller.signal) }),
			);
			setTimeout(() => controller.abort(), 100);
			expect((await cancelled).message).toBe('The request was cancelled');
			expect(transport.isPassingFailure(await cancelled)).toBe(false);

			const badValue = await failure(send(credentialsFor(), { serverId: '..' }));
			expect(badValue.message).toBe('Server ID: ".." is not a valid ID');
			expect(transport.isPassingFailure(badValue)).toBe(false);
			// An answer past its cap is the server's answer, not a network failure: a later call gets the same.
			const oversized = await failure(send(credentialsFor(), {}, { ...session, maxBytes: 5 }));
			expect(oversized.message).toMatch(/ was larger than .* the most this call reads/);
			expect(transport.isPassingFailure(oversized)).toBe(false);
			expect(transport.isPassingFailure(new NextAuthNetworkError('something'))).toBe(false);
			expect(transport.isPassingFailure(new Error('something'))).toBe(false);
		});
	});

	it('refuses to send when the egress filter fails while judging the target, even if it would then connect', async () => {
		let judged = 0;
		const egress = {
			validateUrl: async () => ({ ok: true as const, result: undefined }),
			validateConnectionHost: () => {
				if (judged++ === 0) throw new Error('the policy could not be read');
				return { ok: true as const, result: undefined };
			},
			validateRedirectSync: () => {},
			createSecureLookup: () => dns.lookup,
		};
		const error = await failure(send(credentialsFor(), { egress }));
		expect(error.message).toBe(`Could not reach the nextAuth API at ${suite.simulator.baseUrl}: the request failed`);
		expect(suite.simulator.requests).toHaveLength(0);
	});

	it('sends a write once more when its connection was reset before it was written', async () => {
		// A TLS handshake reset by the server: the request never left, so sending it again does nothing twice.
		let connections = 0;
		const server = net.createServer((socket) => {
			connections++;
			socket.resetAndDestroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		try {
			const write = { method: 'POST', path: '/sessions/provoke', permission: 'sessions', body: {} } as const;
			const credentials = { ...credentialsFor(), baseUrl: `https://127.0.0.1:${port}` };
			const error = await failure(send(credentials, {}, write));
			expect(error.message).toBe(
				`Could not reach the nextAuth API at https://127.0.0.1:${port}: the connection was closed unexpectedly`,
			);
			expect(connections).toBe(2);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	describe('the retry budget', () => {
		it('retries when the wait fills Max Retry Wait exactly', async () => {
			suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
			await send(credentialsFor(), { retry: { maxRetries: 3, maxWaitMs: 1000 } });
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([429, 200]);
		});

		it('counts every wait against Max Retry Wait: a second 1 s wait does not fit in 1.5 s', async () => {
			suite.simulator.failNext(2, { status: 429, headers: { 'retry-after': '1' } });
			const error = await failure(send(credentialsFor(), { retry: { maxRetries: 5, maxWaitMs: 1500 } }));
			expect(sentenceOf(error)).toBe(
				'Too many requests (429): the nextAuth API is rate limiting, try again later (gave up after 1 retry)',
			);
			expect(suite.simulator.requests).toHaveLength(2);
		});

		it('does not wait for a retry past the end of the wait the call is part of', async () => {
			suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '1' } });
			const started = Date.now();
			const error = await failure(send(credentialsFor(), { deadline: Date.now() + 800 }));
			expect((error as InstanceType<typeof NextAuthHttpError>).statusCode).toBe(503);
			expect(suite.simulator.requests).toHaveLength(1);
			expect(Date.now() - started).toBeLessThan(700);
		});

		it("a write's 503 says it was not sent again only when a retry was left", async () => {
			const push = {
				method: 'POST',
				path: '/sessions/provoke',
				permission: 'sessions',
				effect: 'pushed the login',
			} as const;
			suite.simulator.failNext(1, { status: 503 });
			const noRetries = await failure(send(credentialsFor(), { retry: { maxRetries: 0, maxWaitMs: 0 } }, push));
			expect((noRetries as InstanceType<typeof NextAuthHttpError>).note).toBeUndefined();
			suite.simulator.failNext(1, { status: 503 });
			const withRetries = await failure(send(credentialsFor(), { retry: { maxRetries: 1, maxWaitMs: 1000 } }, push));
			expect((withRetries as InstanceType<typeof NextAuthHttpError>).note).toBe(
				'not sent again: the API may already have pushed the login',
			);
			const { effect, ...withoutEffect } = push;
			expect(effect).toBeDefined();
			suite.simulator.failNext(1, { status: 503 });
			const unnamed = await failure(
				send(credentialsFor(), { retry: { maxRetries: 1, maxWaitMs: 1000 } }, withoutEffect),
			);
			expect((unnamed as InstanceType<typeof NextAuthHttpError>).note).toBe(
				'not sent again: the API may already have acted on it',
			);
		});
	});

	describe("another request's 429 pause", () => {
		/** A pool paused for about `seconds` by a 429 to a first request, which then waits it out. */
		const pausedPool = async (seconds: number) => {
			const credentials = credentialsFor();
			suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': String(seconds) } });
			const first = send(credentials);
			while (suite.simulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			await new Promise((resolve) => setTimeout(resolve, 50));
			return { credentials, first };
		};

		it('is waited out when the request may wait that long, and counts against its Max Retry Wait', async () => {
			const { credentials, first } = await pausedPool(1);
			const started = Date.now();
			suite.simulator.failNonce('second', { status: 429, headers: { 'retry-after': '1' } }, 1);
			const second = await failure(send(credentials, { nonce: 'second', retry: { maxRetries: 5, maxWaitMs: 1500 } }));
			// The pause (about 1 s) and the next 1 s wait are more than 1.5 s: no retry after its own 429.
			expect(Date.now() - started).toBeGreaterThanOrEqual(800);
			expect(sentenceOf(second)).toBe('Too many requests (429): the nextAuth API is rate limiting, try again later');
			expect(suite.simulator.requests.filter((request) => request.headers['x-nonce'] === 'second')).toHaveLength(1);
			await first;
		});

		it.each([
			['its Max Retry Wait', { retry: { maxRetries: 3, maxWaitMs: 500 } }],
			['its Timeout', { timeoutMs: 500, retry: { maxRetries: 3, maxWaitMs: 60_000 } }],
			['the end of its wait', { deadline: Date.now() + 60_000, retry: { maxRetries: 3, maxWaitMs: 60_000 } }],
			['no retries at all', { retry: { maxRetries: 0, maxWaitMs: 60_000 } }],
		])('is not waited when it is longer than %s: the request fails at once, unsent', async (_, settings) => {
			const { credentials, first } = await pausedPool(2);
			const started = Date.now();
			const limits = 'deadline' in settings ? { ...settings, deadline: Date.now() + 500 } : settings;
			const error = await failure(send(credentials, limits));
			expect(sentenceOf(error)).toMatch(
				/^Too many requests \(429\).*\(not sent: an earlier 429 paused this credential's requests for another 2 s/,
			);
			expect(Date.now() - started).toBeLessThan(400);
			expect(suite.simulator.requests).toHaveLength(1);
			await first;
		});
	});

	describe('the 429 pause of a credential', () => {
		const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
		/** Once the simulator answered `nonce` with `status`, and the client had a moment to read it. */
		const answered = async (nonce: string, status: number) => {
			const seen = () =>
				suite.simulator.requests.some((request) => request.headers['x-nonce'] === nonce && request.status === status);
			while (!seen()) await pause(20);
			await pause(300);
		};
		/** A 429 asking for `seconds`, answered `delayMs` after the request arrived. */
		const late429 = (seconds: number, delayMs: number) => ({
			kind: 'respond' as const,
			respond: async ({ res, record }: { res: import('node:http').ServerResponse; record: { status?: unknown } }) => {
				await pause(delayMs);
				record.status = 429;
				res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(seconds) });
				res.end('{"message":"slow down"}');
			},
		});
		const unsent = /\(not sent: an earlier 429 paused this credential's requests for another (\d) s/;
		const noWait = { retry: { maxRetries: 0, maxWaitMs: 0 } };
		/** Sends with a cancellation of its own: `stop()` ends its wait. */
		const cancellable = (credentials: ReturnType<typeof credentialsFor>, nonce: string) => {
			const controller = new AbortController();
			const sent = failure(send(credentials, { nonce, cancellation: new transport.Cancellation(controller.signal) }));
			return { sent, stop: () => controller.abort() };
		};

		it('is set by a 429 only: a retried 503 keeps no other request waiting', async () => {
			const credentials = credentialsFor();
			suite.simulator.failNonce('unavailable', { status: 503, headers: { 'retry-after': '2' } }, 1);
			const first = send(credentials, { nonce: 'unavailable' });
			await answered('unavailable', 503);
			const started = Date.now();
			await send(credentials, { nonce: 'second' });
			expect(Date.now() - started).toBeLessThan(1000);
			await first;
		});

		it('is not shortened by a shorter 429 answered while it lasts', async () => {
			const credentials = credentialsFor();
			suite.simulator.failNonce('long', { status: 429, headers: { 'retry-after': '3' } }, 1);
			suite.simulator.failNonce('short', late429(1, 200), 1);
			const long = cancellable(credentials, 'long');
			const short = cancellable(credentials, 'short');
			await answered('short', 429);
			const error = await failure(send(credentials, { nonce: 'third', ...noWait }));
			// About 2.8 s of the 3 s pause are left, not the 1 s of the later 429.
			expect(sentenceOf(error).match(unsent)?.[1]).toBe('3');
			long.stop();
			short.stop();
			await Promise.all([long.sent, short.sent]);
		});

		it("counts against what is left of a request's Max Retry Wait after its own retries", async () => {
			const credentials = credentialsFor();
			suite.simulator.failNonce('retried', { status: 429, headers: { 'retry-after': '1' } }, 1);
			suite.simulator.failNonce('later', late429(2, 200), 1);
			const retried = failure(send(credentials, { nonce: 'retried', retry: { maxRetries: 3, maxWaitMs: 1500 } }));
			const later = cancellable(credentials, 'later');
			// After its 1 s wait, 0.5 s of its 1.5 s are left: the later 429's pause (about 1.2 s more) is too long.
			expect(sentenceOf(await retried)).toMatch(unsent);
			expect(suite.simulator.requests.filter((request) => request.headers['x-nonce'] === 'retried')).toHaveLength(1);
			later.stop();
			await later.sent;
		});

		it('is lifted by the cancellation of the request that set it, not of another', async () => {
			const credentials = credentialsFor();
			suite.simulator.failNonce('first', { status: 429, headers: { 'retry-after': '2' } }, 1);
			suite.simulator.failNonce('later', late429(4, 200), 1);
			const first = cancellable(credentials, 'first');
			const later = cancellable(credentials, 'later');
			// Until the later 429's pause (4 s) has replaced the first's (2 s), while the first still waits for its retry.
			const remaining = async () =>
				sentenceOf(await failure(send(credentials, { nonce: 'probe', ...noWait }))).match(unsent)?.[1];
			await answered('first', 429);
			while ((await remaining()) !== '4') await pause(20);
			first.stop();
			expect((await first.sent).message).toBe('The request was cancelled');
			// The pause is the later 429's: cancelling the first request leaves it.
			const error = await failure(send(credentials, { nonce: 'third', ...noWait }));
			expect(sentenceOf(error)).toMatch(unsent);
			later.stop();
			expect((await later.sent).message).toBe('The request was cancelled');
			// Now cancelled by the request that set it, the pause is gone.
			await send(credentials, { nonce: 'fourth', ...noWait });
			expect(
				suite.simulator.requests.filter((request) => ['third', 'probe'].includes(String(request.headers['x-nonce']))),
			).toHaveLength(0);
		});
	});

	describe('a web page where the API was expected', () => {
		const page = { status: 200, contentType: 'text/html', body: '\ufeff \r\n\t<html>maintenance</html>' };
		const sentAs = (accept: string) => ({ method: 'GET', path: '/vash', permission: 'servers', accept }) as const;

		it('is the answer of an HTML block, which asks for one', async () => {
			suite.simulator.failNext(1, page);
			const answer = await send(credentialsFor(), { nonce: undefined }, sentAs('text/html'));
			expect(answer.body.toString('utf8')).toBe(page.body);
		});

		it.each([
			['application/json', 'text/plain', true],
			['application/octet-stream', 'text/html', true],
			['image/png', 'application/xhtml+xml', true],
			['application/octet-stream', 'application/octet-stream', false],
		])('asked as %p, labelled %p: refused %p', async (accept, contentType, refused) => {
			suite.simulator.failNext(1, { ...page, contentType });
			const sent = send(credentialsFor(), { nonce: undefined }, sentAs(accept));
			if (refused) expect((await failure(sent)).message).toMatch(/^The answer \(200\) was a web page/);
			else expect((await sent).body.toString('utf8')).toBe(page.body);
		});
	});

	describe('a redirect names where it pointed', () => {
		it.each([
			[300, false],
			[301, true],
		])('an origin of %p characters is shown whole (cut: %p)', async (length, cut) => {
			const origin = `http://${'a'.repeat(length - 'http://'.length - '.example'.length)}.example`;
			expect(origin).toHaveLength(length);
			suite.simulator.failNext(1, { status: 302, headers: { location: `${origin}/login` } });
			const error = await failure(send(credentialsFor()));
			const shown = cut ? `${origin.slice(0, 300)}…` : origin;
			expect(sentenceOf(error)).toBe(
				`The nextAuth API answered with a redirect (302) to ${shown}: the Base URL probably points at the wrong place`,
			);
		});
	});

	describe('a JSON object answer (parseJsonObject)', () => {
		const answer = (text: string) => ({
			statusCode: 200,
			contentType: 'application/json',
			body: Buffer.from(text),
			redact: NO_REDACTION,
		});

		it.each([
			['{"loggedin":true}', undefined],
			['not json', 'The nextAuth API answered with a login status that is not valid JSON'],
			['', 'The nextAuth API answered with a login status that is not valid JSON'],
			['[1]', 'The nextAuth API answered with a login status that is not a JSON object'],
			['null', 'The nextAuth API answered with a login status that is not a JSON object'],
			['0', 'The nextAuth API answered with a login status that is not a JSON object'],
			['"text"', 'The nextAuth API answered with a login status that is not a JSON object'],
			['true', 'The nextAuth API answered with a login status that is not a JSON object'],
		])('%j: %p', (text, message) => {
			const read = () => transport.parseJsonObject(answer(text), 'a login status');
			if (message === undefined) expect(read()).toEqual({ loggedin: true });
			else expect(read).toThrow(message);
		});
	});
});

/** A loopback port nothing listens on: a listener's port, once it closed. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}
