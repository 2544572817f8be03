import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('account: block and unblock', () => {
	const suite = useSuite('nextAuth');
	const account = (id: number) =>
		suite.simulator.serverState(SERVER_ID).accounts.find((candidate: { id: number }) => candidate.id === id);

	beforeEach(() => {
		suite.simulator.resetWorld();
		suite.simulator.latencyMs = 0;
	});

	it.each([
		['block', 3, 'true', true],
		['unblock', 4, 'false', false],
	] as const)(
		'%s sends PUT …/accounts/%d/?blocked=%s and gives the account after the change',
		async (operation, id, query, blocked) => {
			const { items, error } = await suite.run({
				resource: 'account',
				operation,
				accountId: { __rl: true, mode: 'id', value: String(id) },
			});

			expect(error).toBeUndefined();
			const request = suite.onlyRequest();
			expect(request.method).toBe('PUT');
			expect(request.url).toBe(`${SERVER_PATH}/accounts/${id}/?blocked=${query}`);
			expect(request.body).toBeNull();
			expect(request.headers['content-type']).toBeUndefined();
			expect(items).toEqual([{ json: { ...account(id), blocked }, pairedItem: { item: 0 } }]);
			expect(account(id).blocked).toBe(blocked);
		},
	);

	it('blocks 60 accounts 10 at a time, in order, each output paired with its input', async () => {
		suite.simulator.addBulkAccounts(60);
		suite.simulator.latencyMs = 20; // answers overlap, so Concurrency shows
		const ids = Array.from({ length: 60 }, (_, n) => 1000 + n);
		const { items, error } = await suite.run(
			{
				resource: 'account',
				operation: 'block',
				accountId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				options: { concurrency: 10 },
			},
			{ items: ids.map((id) => ({ json: { id } })) },
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.id, item.json.blocked, item.pairedItem])).toEqual(
			ids.map((id, n) => [id, true, { item: n }]),
		);
		expect(suite.simulator.maxInFlight).toBeLessThanOrEqual(10);
		expect(suite.simulator.maxInFlight).toBeGreaterThan(1);
	});

	it("names the 'accounts' permission when the key lacks it, and the account on a 404", async () => {
		const refused = await suite.run(
			{ resource: 'account', operation: 'block', accountId: { __rl: true, mode: 'id', value: '1' } },
			{ credentials: suite.credentials({ apiKey: KEYS.sessions }) },
		);
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'accounts' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(account(1).blocked).toBe(false);

		const missing = await suite.run({
			resource: 'account',
			operation: 'unblock',
			accountId: { __rl: true, mode: 'id', value: '404' },
		});
		expect(missing.error?.message).toBe(
			'Not found (404): there is no account 404 on this server (or the server ID is wrong)',
		);
	});

	it('retries a 503 and then succeeds, like every call of the package', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run({
			resource: 'account',
			operation: 'block',
			accountId: { __rl: true, mode: 'id', value: '2' },
		});
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.method, request.url, request.status])).toEqual([
			['PUT', `${SERVER_PATH}/accounts/2/?blocked=true`, 503],
			['PUT', `${SERVER_PATH}/accounts/2/?blocked=true`, 200],
		]);
		expect(items[0].json.blocked).toBe(true);
	});
});
