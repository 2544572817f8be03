/**
 * The transport's bounds under a hostile or broken network, through n8n's engine against the
 * simulator: a deadline when no Timeout is set, a cap on every answer, a 429 pause that never
 * outlives what a request may wait, options checked at run time, secrets kept out of items and
 * errors, bounded input, pools released. Each case failed before these bounds existed.
 */
import type { INodeParameters } from 'n8n-workflow';

import { packageModule } from '../../../harness/n8nEngine';
import { useSuite } from '../../../harness/suite';
import { KEYS, ROLES } from '../../../simulator';

const getSession = (options: INodeParameters = {}, nonce = 'hostile'): INodeParameters => ({
	operation: 'getSession',
	nonce,
	options,
});

const elapsed = (started: number) => Date.now() - started;

describe('transport limits: deadlines', () => {
	const suite = useSuite();

	it('ends a stalled request after 30 s when no Timeout is set, in a run and in list search', async () => {
		suite.simulator.failNext(2, { kind: 'stall' });
		const started = Date.now();
		const [run, search] = await Promise.all([
			suite.run(getSession()),
			suite.engine.listSearch('searchUsers', suite.credentials(), { operation: 'provokeLoginOnUser' }).then(
				() => undefined,
				(error: Error) => error,
			),
		]);
		expect(run.error?.message).toBe(
			`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 30000 ms`,
		);
		expect(search?.message).toBe(
			`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 30000 ms`,
		);
		expect(elapsed(started)).toBeGreaterThanOrEqual(29_900);
		expect(elapsed(started)).toBeLessThan(31_000);
		expect(suite.simulator.requests.map((request) => request.status)).toEqual(['stall', 'stall']);
	}, 45_000);

	it('ends a body that trickles in forever at the Timeout', async () => {
		suite.simulator.failNext(1, { kind: 'huge', bytes: 1e9, chunked: true, delayMs: 200 });
		const started = Date.now();
		const { error } = await suite.run(getSession({ timeout: 1000 }));
		expect(error?.message).toMatch(/timed out after 1000 ms$/);
		expect(elapsed(started)).toBeLessThan(3000);
	});
});

describe('transport limits: answer size', () => {
	const suite = useSuite();

	it.each([
		['announced in Content-Length', {}],
		['sent without Content-Length', { chunked: true }],
	])('stops reading a 1 GB answer %s at 1 MB, drops the connection, and fails the item', async (_, how) => {
		suite.simulator.failNext(1, { kind: 'huge', bytes: 1024 ** 3, ...how });
		const heapBefore = process.memoryUsage().heapUsed;
		const { error } = await suite.run(getSession());
		expect(error?.message).toBe(
			`The answer of the nextAuth API at ${suite.simulator.baseUrl} was larger than 1 MB, the most this call reads: it was not read and the connection was closed`,
		);
		// The simulator stops writing when the socket closes: far less than 1 GB left it.
		expect(suite.simulator.requests[0].sentBytes).toBeLessThan(64 * 1024 ** 2);
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 ** 2);
	});

	it('refuses a Content-Length of 10 GB before reading a byte of it', async () => {
		suite.simulator.failNext(1, {
			kind: 'huge',
			bytes: 1024 ** 2 * 10,
			contentLength: String(10 * 1024 ** 3),
			delayMs: 1000,
		});
		const started = Date.now();
		const { error } = await suite.run(getSession());
		expect(error?.message).toMatch(/was larger than 1 MB, the most this call reads/);
		expect(elapsed(started)).toBeLessThan(900);
	});

	it('reads a QR answer up to 2 MB and refuses a larger one', async () => {
		const qr = { operation: 'getQrLogin', nonce: 'hostile-qr', qrFormat: 'raw' };
		suite.simulator.failNext(1, { kind: 'huge', bytes: 1.5 * 1024 ** 2 });
		const fits = await suite.run(qr);
		expect(fits.error).toBeUndefined();
		expect(fits.items[0].json).toMatchObject({ bytes: 1.5 * 1024 ** 2 });

		suite.simulator.failNext(1, { kind: 'huge', bytes: 3 * 1024 ** 2 });
		const tooLarge = await suite.run(qr);
		expect(tooLarge.error?.message).toMatch(/was larger than 2 MB, the most this call reads/);
	});

	it('with continue-on-fail, an oversized answer is one error item and the others go on', async () => {
		suite.simulator.failNonce('huge-1', { kind: 'huge', bytes: 1024 ** 3 });
		const items = [0, 1, 2].map((n) => ({ json: { nonce: `huge-${n}` } }));
		const { items: output } = await suite.run(getSession({}, '={{ $json.nonce }}'), { items, continueOnFail: true });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toMatch(/larger than 1 MB/);
		expect(output[0].json).toHaveProperty('loggedin');
		expect(output[2].json).toHaveProperty('loggedin');
	});
});

describe('transport limits: the 429 pause', () => {
	const suite = useSuite();

	it('never holds a request longer than its own limits, and leaves with a cancelled run', async () => {
		// Its own key, so its own pool: the 429 pauses this pool only.
		const credentials = suite.credentials({ apiKey: KEYS.root });
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '30' } });
		const first = suite.engine.run({ parameters: getSession(), credentials, cancelAfterMs: 1500 });
		await new Promise((resolve) => setTimeout(resolve, 300));

		// Timeout 500 ms, no retries: refused at once, not sent, instead of waiting out 30 s.
		let started = Date.now();
		const second = await suite.run(getSession({ timeout: 500, maxRetries: 0 }, 'second'), { credentials });
		expect(elapsed(started)).toBeLessThan(500);
		expect(second.error?.message).toMatch(
			/^Too many requests \(429\): the nextAuth API is rate limiting, try again later \(not sent: an earlier 429 paused this credential's requests for another (29|30) s, longer than this request may wait\)$/,
		);
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([429]);

		// The run whose 429 set the pause is stopped: the pause goes with it.
		expect((await first).error?.message).toBe('The request was cancelled');
		started = Date.now();
		const third = await suite.run(getSession({ maxRetries: 0 }, 'third'), { credentials });
		expect(third.error).toBeUndefined();
		expect(elapsed(started)).toBeLessThan(1000);
	});

	it('pauses the pool for 60 s at most, whatever Retry-After says', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support });
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '3000' } });
		const first = suite.engine.run({
			parameters: getSession({ maxRetryWait: 3_600_000 }),
			credentials,
			cancelAfterMs: 800,
		});
		await new Promise((resolve) => setTimeout(resolve, 300));
		const second = await suite.run(getSession({ maxRetries: 0 }, 'second'), { credentials });
		expect(second.error?.message).toMatch(/paused this credential's requests for another (59|60) s/);
		await first;
	});
});

describe('transport limits: options checked at run time', () => {
	const suite = useSuite();

	it.each([
		['Max Retries', { maxRetries: '={{ 1e9 }}' }, 'Max Retries: must be a whole number from 0 to 10, got "1000000000"'],
		['Max Retries', { maxRetries: '={{ 1.5 }}' }, 'Max Retries: must be a whole number from 0 to 10, got "1.5"'],
		[
			'Max Retry Wait',
			{ maxRetryWait: '={{ -1 }}' },
			'Max Retry Wait: must be a number from 0 to 3600000 ms, got "-1"',
		],
		['Timeout', { timeout: '={{ 0 }}' }, 'Timeout: must be a number from 1 to 600000 ms, got "0"'],
		['Timeout', { timeout: '={{ NaN }}' }, 'Timeout: must be a number from 1 to 600000 ms, got "NaN"'],
		['Timeout', { timeout: '={{ -1 }}' }, 'Timeout: must be a number from 1 to 600000 ms, got "-1"'],
		['Timeout', { timeout: '={{ "soon" }}' }, 'Timeout: must be a number from 1 to 600000 ms, got "soon"'],
		[
			'Concurrency',
			{ concurrency: '={{ 1e9 }}' },
			'Concurrency: must be a whole number from 1 to 100, got "1000000000"',
		],
		['Concurrency', { concurrency: '={{ 0 }}' }, 'Concurrency: must be a whole number from 1 to 100, got "0"'],
	])('refuses %s out of range before any request: %j', async (_, options, message) => {
		suite.simulator.failNext(1000, { status: 503, headers: { 'retry-after': '0' } });
		const { error } = await suite.run(getSession(options));
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('with continue-on-fail, a Concurrency out of range gives one error item per input item', async () => {
		const items = [0, 1, 2].map((n) => ({ json: { n } }));
		const { items: output } = await suite.run(getSession({ concurrency: '={{ 1e9 }}' }), {
			items,
			continueOnFail: true,
		});
		expect(output).toEqual(
			items.map((_, item) => ({
				json: { error: 'Concurrency: must be a whole number from 1 to 100, got "1000000000"' },
				pairedItem: { item },
			})),
		);
		expect(suite.simulator.requests).toEqual([]);
	});

	it.each([
		[
			'Wait Timeout',
			{ waitTimeout: '={{ 1e9 }}' },
			'Wait Timeout: must be a number from 1 to 3600 seconds, got "1000000000"',
		],
		[
			'Poll Interval',
			{ pollInterval: '={{ 0.01 }}' },
			'Poll Interval: must be a number from 0.2 to 60 seconds, got "0.01"',
		],
	])('refuses a %s out of range before pushing', async (_, wait, message) => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'n',
			userId: { __rl: true, mode: 'id', value: 'alice' },
			waitForLogin: true,
			...wait,
		});
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('runs Concurrency 100 with every request in flight at once, none waiting for a socket', async () => {
		suite.simulator.latencyMs = 300;
		try {
			const items = Array.from({ length: 100 }, (_, n) => ({ json: { nonce: `wide-${n}` } }));
			const { error, items: output } = await suite.run(
				getSession({ concurrency: 100, timeout: 2000 }, '={{ $json.nonce }}'),
				{ items },
			);
			expect(error).toBeUndefined();
			expect(output).toHaveLength(100);
			expect(suite.simulator.maxInFlight).toBe(100);
		} finally {
			suite.simulator.latencyMs = 0;
		}
	});
});

describe('transport limits: Retry-After', () => {
	const suite = useSuite();

	it.each(['1.5', '-3', 'soon'])(
		'falls back to the 1 s back-off for Retry-After "%s" instead of retrying at once',
		async (value) => {
			suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': value } });
			const started = Date.now();
			const { error } = await suite.run(getSession());
			expect(error).toBeUndefined();
			expect(suite.simulator.requests).toHaveLength(2);
			expect(elapsed(started)).toBeGreaterThanOrEqual(950);
		},
	);

	it('gives up at once on a Retry-After longer than a timer can hold, instead of overflowing it', async () => {
		suite.simulator.failNext(5, { status: 503, headers: { 'retry-after': '2500000' } });
		const started = Date.now();
		const { error } = await suite.run(getSession({ maxRetryWait: 3_600_000 }));
		expect(error?.message).toBe('The nextAuth API had a server error (503), try again later');
		expect(suite.simulator.requests).toHaveLength(1);
		expect(elapsed(started)).toBeLessThan(1000);
	});
});

describe('transport limits: secrets', () => {
	const suite = useSuite();
	const credentials = () => suite.credentials({ apiKey: KEYS.root, roleId: ROLES.support });

	it('replaces an echoed API key (also URL-encoded) in a 200 answer, and the role id where it is a whole value', async () => {
		const body = JSON.stringify({
			loggedin: false,
			echo: `key=${KEYS.root} role=${ROLES.support}`,
			role: ROLES.support,
			url: `https://x/?k=${encodeURIComponent(KEYS.root)}`,
			[KEYS.root]: 'as a key',
		});
		suite.simulator.failNext(1, { status: 200, body });
		const { error, items, run } = await suite.run(getSession(), { credentials: credentials() });
		expect(error).toBeUndefined();
		// The role id is an identifier: replaced as a whole value, never inside other text.
		expect(items[0].json).toEqual({
			loggedin: false,
			echo: `key=*** role=${ROLES.support}`,
			role: '***',
			url: 'https://x/?k=***',
			'***': 'as a key',
		});
		expect(JSON.stringify(run)).not.toContain(KEYS.root);
	});

	it('redacts an error body before cutting it, so no part of a key near the cut survives', async () => {
		// (KEYS.root is shorter than 16 characters: hidden where it stands alone, see redaction.ts.)
		const message = `${'x'.repeat(294)} ${KEYS.root} and more`;
		suite.simulator.failNext(1, { status: 400, body: JSON.stringify({ message }) });
		const { error } = await suite.run(getSession(), { credentials: credentials() });
		expect(error?.description).toBe(`${'x'.repeat(294)} *** a`);
		expect(JSON.stringify(error)).not.toContain(KEYS.root.slice(0, 5));
	});

	it('names an invalid base URL without its user name and password', async () => {
		const { error } = await suite.run(getSession(), {
			credentials: suite.credentials({ baseUrl: 'ftp://admin:hunter2@example.com/api' }),
		});
		expect(error?.message).toBe('The base URL "ftp://example.com/api" must start with https:// or http://');
		expect(JSON.stringify(error)).not.toContain('hunter2');
	});
});

describe('transport limits: input', () => {
	const suite = useSuite();
	const qrWith = (announceInfo: INodeParameters): INodeParameters => ({
		operation: 'getQrLogin',
		nonce: 'input',
		sendUserContext: true,
		userContextInput: 'fields',
		announceInfo,
	});

	it('refuses a logo of 8 MB, naming the field, before sending', async () => {
		const logo = Buffer.alloc(8 * 1024 ** 2, 1).toString('base64');
		const { error } = await suite.run(qrWith({ logo }));
		expect(error?.message).toBe('Announce Info › Logo: must be at most 512 KB');
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses info nested 5,000 levels deep, naming the field, before sending', async () => {
		const info = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
		const { error } = await suite.run(qrWith({ info }));
		expect(error?.message).toBe('Announce Info › Info: must not be nested more than 32 levels deep');
		expect(suite.simulator.requests).toEqual([]);
	});

	it('refuses info of more than 64 KB', async () => {
		const info = JSON.stringify({ text: 'x'.repeat(70_000) });
		const { error } = await suite.run(qrWith({ info }));
		expect(error?.message).toBe('Announce Info › Info: must be at most 65536 characters as JSON');
	});

	it('shortens a long user id in messages', async () => {
		// 10,000 characters: more would exceed the simulator's (Node's) 16 KB request-line limit.
		const userId = 'u'.repeat(10_000);
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'n',
			userId: { __rl: true, mode: 'id', value: userId },
		});
		expect(error?.message).toBe(
			`Not found (404): there is no user "${'u'.repeat(60)}…" (10000 characters) on this server (or the server ID is wrong)`,
		);
	});
});

describe('transport limits: pools', () => {
	const suite = useSuite();
	// The package's own module, as the engine loaded it (dist/, or the sources: packageModule).
	const pools = () => packageModule<{ openPoolCount(): number }>('nodes/shared/transport/connections');

	it('closes and forgets pools nobody used for a minute', async () => {
		const before = pools().openPoolCount();
		for (let n = 0; n < 50; n++) {
			await suite.run(getSession(), { credentials: suite.credentials({ apiKey: `${KEYS.all}-unused-${n}` }) });
		}
		expect(pools().openPoolCount()).toBe(before + 50);
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now + 61_000);
		try {
			await suite.run(getSession());
		} finally {
			clock.mockRestore();
		}
		expect(pools().openPoolCount()).toBe(1);
	});
});
