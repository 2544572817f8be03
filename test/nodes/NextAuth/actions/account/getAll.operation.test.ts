import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('account: getAll', () => {
	const suite = useSuite('nextAuth');
	const getAll = (extra: Record<string, unknown> = {}) => ({ resource: 'account', operation: 'getAll', ...extra });
	const accountsOnServer = (): Array<Record<string, unknown>> => suite.simulator.serverState(SERVER_ID).accounts;

	beforeEach(() => suite.simulator.resetWorld());

	it('with Return All, pages through every account with marker/limit, one item per account, fields unchanged', async () => {
		suite.simulator.addBulkAccounts(1234);
		const { items, error } = await suite.run(getAll({ returnAll: true }));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(accountsOnServer());
		expect(items).toHaveLength(1238);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		// The simulator answers at most 100 per page: paging advances by what arrived.
		const requests = suite.simulator.requests;
		expect(requests).toHaveLength(13);
		expect(requests.map((request) => request.query.marker)).toEqual(
			Array.from({ length: 13 }, (_, page) => String(page * 100)),
		);
		expect(new Set(requests.map((request) => request.query.limit))).toEqual(new Set(['500']));
		for (const request of requests) {
			expect(request.method).toBe('GET');
			expect(request.path).toBe(`${SERVER_PATH}/accounts/`);
			expect(request.headers['x-apikey']).toBe(KEYS.all);
			expect(request.headers['x-nonce']).toBeUndefined();
			expect(request.body).toBeNull();
		}
	});

	it('returns the first Limit accounts (50 by default), asking only for what is still missing', async () => {
		suite.simulator.addBulkAccounts(300);
		const byDefault = await suite.run(getAll());
		expect(byDefault.items.map((item) => item.json.id)).toEqual(
			accountsOnServer()
				.slice(0, 50)
				.map((account) => account.id),
		);
		expect(suite.simulator.requests.map((request) => request.query)).toEqual([{ limit: '50', marker: '0' }]);

		suite.simulator.clearRecords();
		const { items } = await suite.run(getAll({ limit: 150 }));
		expect(items).toHaveLength(150);
		expect(suite.simulator.requests.map((request) => request.query)).toEqual([
			{ limit: '150', marker: '0' },
			{ limit: '50', marker: '100' },
		]);
	});

	it('sends Attribute Filter and Sort as the API names them, and gives what the API selected', async () => {
		const { items, error } = await suite.run(
			getAll({ returnAll: true, filters: { filter: 'userid=in:alice,bob', sort: 'id:desc' } }),
		);

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(
			`${SERVER_PATH}/accounts/?filter=userid%3Din%3Aalice%2Cbob&sort=id%3Adesc&limit=500&marker=0`,
		);
		expect(items.map((item) => item.json.id)).toEqual([3, 2, 1]);
	});

	it('keeps paging past a short page when the API gives no totalnumber, until an empty page', async () => {
		const page = (ids: number[]) => ({
			status: 200,
			body: JSON.stringify({ accounts: ids.map((id) => ({ id, description: `d${id}` })) }),
		});
		suite.simulator.failNext(1, page([1, 2]));
		suite.simulator.failNext(1, page([3]));
		suite.simulator.failNext(1, page([]));
		const { items } = await suite.run(getAll({ returnAll: true }));

		expect(items.map((item) => item.json.id)).toEqual([1, 2, 3]);
		expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '2', '3']);
	});

	it('stops Return All at 100,000 accounts with an error saying how to narrow the list, whatever the server keeps sending', async () => {
		// Each page brings 500 accounts not seen before (a page of known ones would end the list sooner).
		const page = ({ query }: { query: Record<string, string> }) =>
			JSON.stringify({
				accounts: Array.from({ length: 500 }, (_, n) => ({ id: Number(query.marker) + n, description: 'x' })),
			});
		suite.simulator.randomFaults({ rate: 1, faults: [{ status: 200, body: page }] });
		const { error } = await suite.run(getAll({ returnAll: true }));

		expect(error?.message).toBe(
			'There are more than 100,000 accounts, the most Return All gives: narrow the list with Filters › Attribute Filter, or turn Return All off and set a Limit',
		);
		expect(suite.simulator.requests).toHaveLength(201);
	});

	it.each([
		[{ limit: '={{ 0 }}' }, 'Limit: must be a whole number from 1 to 100000, got "0"'],
		[{ limit: '={{ 2.5 }}' }, 'Limit: must be a whole number from 1 to 100000, got "2.5"'],
		[
			{ filters: { filter: 'blocked' } },
			'Attribute Filter: must look like attribute=value or attribute=in:a,b, got "blocked"',
		],
		[
			{ filters: { filter: '={{ "a=b\\r\\nX-su: root" }}' } },
			'Attribute Filter: must not contain line breaks or other control characters',
		],
		[
			{ filters: { sort: 'lastlogin:down' } },
			'Sort: must be column names, each optionally :asc or :desc, separated by commas (e.g. lastlogin:desc), got "lastlogin:down"',
		],
	])('refuses %p before sending anything, naming the field', async (parameters, message) => {
		const { error } = await suite.run(getAll(parameters));
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('ends a stalled page at Timeout and refuses a page past the 1 MB cap, like every call of the package', async () => {
		suite.simulator.addBulkAccounts(150);
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ accounts: [{ id: 1 }], totalnumber: 3 }) });
		suite.simulator.failNext(1, { kind: 'stall' });
		const stalled = await suite.run(getAll({ returnAll: true, options: { timeout: 300 } }));
		expect(stalled.error?.message).toBe(
			`The request to the nextAuth API at ${suite.simulator.baseUrl} timed out after 300 ms`,
		);

		suite.simulator.clearRecords();
		suite.simulator.failNext(1, { kind: 'huge', bytes: 1024 ** 3, chunked: true });
		const huge = await suite.run(getAll({ returnAll: true }));
		expect(huge.error?.message).toBe(
			`The answer of the nextAuth API at ${suite.simulator.baseUrl} was larger than 1 MB, the most this call reads: it was not read and the connection was closed`,
		);
		expect(suite.simulator.requests[0].sentBytes).toBeLessThan(64 * 1024 ** 2);
	});

	it("names the 'accounts' permission when the key lacks it", async () => {
		const { error } = await suite.run(getAll(), { credentials: suite.credentials({ apiKey: KEYS.sessions }) });
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'accounts' permission on the API key's role (or on the credential's Role ID)",
		);
	});

	it('never puts the API key into the items, even when the API echoes it', async () => {
		accountsOnServer().push({ id: 77, description: `phone of ${KEYS.all}`, userid: 'alice' });
		const { items } = await suite.run(getAll({ returnAll: true }));
		expect(JSON.stringify(items)).not.toContain(KEYS.all);
		expect(items.at(-1)?.json.description).toBe('phone of ***');
	});

	it('with continue-on-fail, gives each input its accounts or its error, paired', async () => {
		const { items } = await suite.run(getAll({ limit: '={{ $json.limit }}' }), {
			items: [{ json: { limit: 2 } }, { json: { limit: -1 } }, { json: { limit: 1 } }],
			continueOnFail: true,
		});
		expect(items.map((item) => [item.json.id ?? item.json.error, item.pairedItem])).toEqual([
			[1, { item: 0 }],
			[2, { item: 0 }],
			['Limit: must be a whole number from 1 to 100000, got "-1"', { item: 1 }],
			[1, { item: 2 }],
		]);
	});
});
