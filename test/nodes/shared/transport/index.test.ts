import type { INodeParameters } from 'n8n-workflow';

import { KEYS, LOGGED_IN_NONCE } from '../../../simulator';
import { useSuite } from '../../../harness/suite';

describe('transport: retries, timeouts, network faults', () => {
	const suite = useSuite();
	const getSession = (options: INodeParameters = {}): INodeParameters => ({ operation: 'getSession', nonce: 'fault', options });

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
		suite.simulator.failNext(1, { kind });
		const { error } = await suite.run(getSession());
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			`Could not reach the nextAuth API at ${suite.simulator.baseUrl}: the connection was closed unexpectedly`,
		);
	});

	it('refuses a login status sent as HTML', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'text/html', body: '<html>maintenance</html>' });
		const { error } = await suite.run(getSession());
		expect(error?.message).toBe('The nextAuth API answered with a login status that is not valid JSON');
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
});
