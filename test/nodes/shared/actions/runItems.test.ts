import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, LOGGED_IN_NONCE, ROLES, SERVER_ID } from '../../../simulator';

describe('router: items, pairing, errors and secrets', () => {
	const suite = useSuite();

	it('runs every item with its own expression values, in order, each paired with its input', async () => {
		const items = [
			{ json: { nonce: 'multi-a', user: 'alice' } },
			{ json: { nonce: 'multi-b', user: 'bob' } },
			{ json: { nonce: 'multi-c', user: 'dave/ops' } },
		];
		const { items: output, error } = await suite.run(
			{
				operation: 'provokeLoginOnUser',
				nonce: '={{ $json.nonce }}',
				userId: { __rl: true, mode: 'id', value: '={{ $json.user }}' },
				sendUserContext: true,
				sessionInfo: { info: '={{ JSON.stringify({ position: $itemIndex }) }}' },
			},
			{ items },
		);

		expect(error).toBeUndefined();
		expect(
			suite.simulator.requests.map((request) => [request.headers['x-nonce'], request.segments[3], request.json]),
		).toEqual([
			['multi-a', 'alice', { sessioninfo: { info: { position: 0 } } }],
			['multi-b', 'bob', { sessioninfo: { info: { position: 1 } } }],
			['multi-c', 'dave/ops', { sessioninfo: { info: { position: 2 } } }],
		]);
		expect(output).toEqual(items.map((_, item) => ({ json: { success: true }, pairedItem: { item } })));
	});

	it('with continue-on-fail, gives N items for N inputs, failures as { error } paired with their input', async () => {
		const items = [
			{ json: { user: 'alice' } },
			{ json: { user: 'mallory' } }, // 404
			{ json: { user: '..' } }, // refused before sending
			{ json: { user: 'bob' } },
		];
		const { items: output, error } = await suite.run(
			{
				operation: 'provokeLoginOnUser',
				nonce: 'cof',
				userId: { __rl: true, mode: 'id', value: '={{ $json.user }}' },
			},
			{ items, continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: { success: true }, pairedItem: { item: 0 } },
			{
				json: { error: 'Not found (404): there is no user "mallory" on this server (or the server ID is wrong)' },
				pairedItem: { item: 1 },
			},
			{ json: { error: 'User: ".." is not a valid ID' }, pairedItem: { item: 2 } },
			{ json: { success: true }, pairedItem: { item: 3 } },
		]);
		expect(suite.simulator.requests.map((request) => request.segments[3])).toEqual(['alice', 'mallory', 'bob']);
	});

	it('without continue-on-fail, stops at the first failure and names the item', async () => {
		const items = [{ json: { n: 'ok-1' } }, { json: { n: '' } }, { json: { n: 'never-sent' } }];
		const { items: output, error } = await suite.run(
			{ operation: 'getSession', nonce: '={{ $json.n }}', options: { concurrency: 1 } },
			{ items },
		);

		expect(output).toEqual([]);
		expect(error?.message).toBe('Nonce: is required');
		expect(error?.context?.itemIndex).toBe(1);
		expect(suite.simulator.requests.map((request) => request.headers['x-nonce'])).toEqual(['ok-1']);
	});

	it('with several requests in flight, reports the earliest failed item and starts no new ones', async () => {
		const items = Array.from({ length: 30 }, (_, n) => ({ json: { n: n === 3 ? '' : `early-${n}` } }));
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: '={{ $json.n }}', options: { concurrency: 4 } },
			{ items },
		);
		expect(error?.message).toBe('Nonce: is required');
		expect(error?.context?.itemIndex).toBe(3);
		expect(suite.simulator.requests.length).toBeLessThan(10);
	});

	it('keeps output order and pairing with requests in flight at once, never more than Concurrency', async () => {
		suite.simulator.latencyMs = 20;
		try {
			const items = Array.from({ length: 40 }, (_, n) => ({ json: { n: `order-${n}` } }));
			for (const concurrency of [1, 7]) {
				suite.simulator.clearRecords();
				const { items: output, error } = await suite.run(
					{ operation: 'getSession', nonce: '={{ $json.n }}', options: { concurrency } },
					{ items },
				);
				expect(error).toBeUndefined();
				expect(output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
				expect(output.map((item) => item.json.hsid)).toEqual(
					items.map((item) => suite.simulator.session(SERVER_ID, item.json.n).hsid),
				);
				expect(suite.simulator.maxInFlight).toBe(concurrency);
			}
		} finally {
			suite.simulator.latencyMs = 0;
		}
	});

	it.each([
		['a line break', 'abc\r\nX-Injected: 1'],
		['a tab', 'abc\tdef'],
		['a NUL', 'abc\u0000'],
	])('refuses a nonce with %s before sending anything', async (_, nonce) => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: '={{ $json.n }}' },
			{ items: [{ json: { n: nonce } }] },
		);
		expect(error?.message).toBe('Nonce: must not contain line breaks or other control characters');
		expect(suite.simulator.requests).toEqual([]);
	});

	it("uses options.serverId instead of the credential's, encoded as one segment", async () => {
		const { error } = await suite.run({
			operation: 'getSession',
			nonce: 'n',
			options: { serverId: 'other/server+id=' },
		});
		expect(error?.message).toBe('Not found (404): check the server ID');
		expect(suite.onlyRequest().path).toBe('/servers/other%2Fserver%2Bid%3D/sessions/');
	});

	it('maps a wrong key to a 401 sentence', async () => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{ credentials: suite.credentials({ apiKey: 'wrong-key' }) },
		);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('The API key was refused (401): check the API key in the NextAuth credential');
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toBe('invalid api key');
	});

	it.each([
		[500, 'The nextAuth API had a server error (500), try again later'],
		[503, 'The nextAuth API had a server error (503), try again later'],
		[429, 'Too many requests (429): the nextAuth API is rate limiting, try again later'],
		[418, 'The nextAuth API answered with an unexpected status (418)'],
	])('maps HTTP %p to a sentence with the status', async (status, message) => {
		suite.simulator.failNext(1, { status, body: 'upstream trouble', contentType: 'text/plain' });
		const { error } = await suite.run({ operation: 'logout', nonce: LOGGED_IN_NONCE, options: { maxRetries: 0 } });
		expect(error?.message).toBe(message);
		expect(error?.httpCode).toBe(String(status));
		expect(error?.description).toBe('upstream trouble');
	});

	it('reports a server that cannot be reached, with continue-on-fail, item by item', async () => {
		const { items } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{
				credentials: suite.credentials({ baseUrl: 'http://127.0.0.1:9' }),
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
			},
		);
		expect(items).toHaveLength(2);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.error).toBe(
				'Could not reach the nextAuth API at http://127.0.0.1:9: the connection was refused',
			);
		});
	});

	it('gives the low-level network error as the description', async () => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{ credentials: suite.credentials({ baseUrl: 'http://127.0.0.1:9' }) },
		);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Could not reach the nextAuth API at http://127.0.0.1:9: the connection was refused');
		expect(error?.description).toMatch(/^ECONNREFUSED: /);
	});

	it('stops waiting after options.timeout and says so', async () => {
		suite.simulator.latencyMs = 500;
		try {
			const { error } = await suite.run({ operation: 'getSession', nonce: 'slow', options: { timeout: 100 } });
			expect(error?.message).toBe(
				`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 100 ms`,
			);
		} finally {
			suite.simulator.latencyMs = 0;
		}
	});

	it('refuses a base URL that is not http(s)', async () => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{ credentials: suite.credentials({ baseUrl: 'ftp://example.com' }) },
		);
		expect(error?.message).toBe('The base URL "ftp://example.com" must start with https:// or http://');
		expect(suite.simulator.requests).toEqual([]);
	});

	it('serves the credential from a base URL with a path prefix', async () => {
		const { error } = await suite.run(
			{ operation: 'getSession', nonce: 'n' },
			{ credentials: suite.credentials({ baseUrl: `${suite.simulator.baseUrl}/prefix/` }) },
		);
		expect(error?.httpCode).toBe('404');
		expect(suite.onlyRequest().path).toBe(`/prefix${SERVER_PATH}/sessions/`);
	});

	it('never puts the API key or role id into outputs, errors, execution data or logs', async () => {
		const secretKey = 'secret-api-key-never-shown';
		const secretRole = ROLES.support;
		// A hostile API echoing the key back in its error body must not leak it either.
		suite.simulator.failNext(1, { status: 500, body: JSON.stringify({ message: `bad key ${KEYS.root}` }) });
		const logged: string[] = [];
		const spy = jest.spyOn(console, 'log').mockImplementation((...args) => void logged.push(args.join(' ')));
		try {
			const runs = [
				await suite.run(
					{ operation: 'getSession', nonce: 'secret-1' },
					{ credentials: suite.credentials({ apiKey: KEYS.root, roleId: secretRole }), continueOnFail: true },
				),
				await suite.run(
					{ operation: 'getSession', nonce: 'secret-2' },
					{ credentials: suite.credentials({ apiKey: secretKey, roleId: secretRole }) },
				),
				await suite.run(
					{ operation: 'getQrLogin', nonce: 'secret-3', qrFormat: 'raw' },
					{ credentials: suite.credentials({ apiKey: KEYS.root, roleId: secretRole }) },
				),
			];
			expect(runs[0].items[0].json.error).toBe('The nextAuth API had a server error (500), try again later');
			expect(runs[1].error?.httpCode).toBe('401');
			expect(runs[2].error).toBeUndefined();
			const everything = JSON.stringify(
				runs.map(({ run, error }) => ({ run, error, errorProps: { ...error }, stack: error?.stack })),
			);
			for (const secret of [KEYS.root, secretKey, secretRole]) {
				expect(everything).not.toContain(secret);
				expect(logged.join('\n')).not.toContain(secret);
			}
			// the secrets did go over the wire, where they belong
			expect(suite.simulator.requests.map((request) => request.headers['x-su'])).toEqual([
				secretRole,
				secretRole,
				secretRole,
			]);
		} finally {
			spy.mockRestore();
		}
	});

	it('takes the server id from the credential when Options › Server ID is not set', async () => {
		await suite.run({ operation: 'getSession', nonce: 'n' });
		expect(suite.onlyRequest().segments[1]).toBe(SERVER_ID);
	});

	describe("n8n's stop", () => {
		it.each([
			['with continue-on-fail', true],
			['without continue-on-fail', false],
		])(
			'%s: no new item starts, the run ends within a second with one error, never one per item left',
			async (_, continueOnFail) => {
				// Every request hangs, so the stop finds 20 items in flight and 19,980 not started.
				suite.simulator.failNonce('stopped', { kind: 'stall' });
				const items = Array.from({ length: 20_000 }, () => ({ json: {} }));
				const started = Date.now();
				const { items: output, error } = await suite.run(
					{ operation: 'getSession', nonce: 'stopped' },
					{ items, continueOnFail, cancelAfterMs: 500 },
				);

				expect(error?.message).toBe('The request was cancelled');
				// Before: 19,990 items { error: "The request was cancelled" } with continue-on-fail.
				expect(output.filter((item) => item.json.error !== undefined)).toHaveLength(0);
				expect(suite.simulator.requests).toHaveLength(20);
				expect(Date.now() - started).toBeLessThan(3000);
			},
		);
	});
});
