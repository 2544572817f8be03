import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('account: get', () => {
	const suite = useSuite('nextAuth');

	beforeEach(() => suite.simulator.resetWorld());

	it('sends GET /servers/{serverid}/accounts/{accountid}/ and gives the account as the API returns it', async () => {
		const { items, error } = await suite.run({
			resource: 'account',
			operation: 'get',
			accountId: { __rl: true, mode: 'list', value: '3', cachedResultName: "Bob's phone" },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/accounts/3/`);
		expect(request.headers['x-nonce']).toBeUndefined();
		expect(items).toEqual([{ json: suite.simulator.serverState(SERVER_ID).accounts[2], pairedItem: { item: 0 } }]);
	});

	it('works with the sessions permission alone, as the contract allows', async () => {
		const { error } = await suite.run(
			{ resource: 'account', operation: 'get', accountId: { __rl: true, mode: 'id', value: ' 1 ' } },
			{ credentials: suite.credentials({ apiKey: KEYS.sessions }) },
		);
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/accounts/1/`);
	});

	it('names the account on a 404, as an error item with continue-on-fail', async () => {
		const parameters = {
			resource: 'account',
			operation: 'get',
			accountId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		};
		const items = [{ json: { id: 999 } }, { json: { id: 1 } }];

		const stopped = await suite.run(parameters, { items });
		expect(stopped.error?.message).toBe(
			'Not found (404): there is no account 999 on this server (or the server ID is wrong)',
		);
		expect((stopped.error as { httpCode?: string }).httpCode).toBe('404');

		const continued = await suite.run(parameters, { items, continueOnFail: true });
		expect(continued.items).toEqual([
			{
				json: { error: 'Not found (404): there is no account 999 on this server (or the server ID is wrong)' },
				pairedItem: { item: 0 },
			},
			{ json: expect.objectContaining({ id: 1 }), pairedItem: { item: 1 } },
		]);
	});

	it.each(['-1', 'abc', '1/../2', '1?x=2', ''])('refuses account ID %p before sending anything', async (value) => {
		const { error } = await suite.run(
			{ resource: 'account', operation: 'get', accountId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ items: [{ json: { id: value } }] },
		);
		expect(error?.message).toBe(`Account: must be a whole number of 0 or more, got "${value}"`);
		expect(suite.simulator.requests).toEqual([]);
	});
});
