import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { SERVER_ID } from '../../../simulator';

describe('provokeLoginOnAccount', () => {
	const suite = useSuite();

	it('sends POST /servers/{serverid}/accounts/{accountid}/provokelogin for an account picked from the list', async () => {
		const { items, error } = await suite.run({
			operation: 'provokeLoginOnAccount',
			nonce: 'acc-1',
			accountId: { __rl: true, mode: 'list', value: '3', cachedResultName: "Bob's phone" },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/accounts/3/provokelogin`);
		expect(request.headers['x-nonce']).toBe('acc-1');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { success: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.pushes).toEqual([
			{ serverId: SERVER_ID, nonce: 'acc-1', target: { accountid: 3 }, userContext: undefined },
		]);
	});

	it('takes an ID typed by hand, and sends the user context as JSON', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnAccount',
			nonce: 'acc-2',
			accountId: { __rl: true, mode: 'id', value: ' 1 ' },
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: { announceinfo: { info: { amount: '12.00 EUR' } } },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.url).toBe(`${SERVER_PATH}/accounts/1/provokelogin`);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({ announceinfo: { info: { amount: '12.00 EUR' } } });
	});

	it.each(['-1', 'abc', '1.5', '', '1/../2', '99999999999999999999'])(
		'refuses account ID %p from an expression before sending anything, naming the parameter',
		async (value) => {
			const { error } = await suite.run(
				{
					operation: 'provokeLoginOnAccount',
					nonce: 'acc-bad',
					accountId: { __rl: true, mode: 'id', value: '={{ $json.accountId }}' },
				},
				{ items: [{ json: { accountId: value } }] },
			);
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe(`Account: must be a whole number of 0 or more, got "${value}"`);
			expect(suite.simulator.requests).toEqual([]);
		},
	);

	it('has n8n refuse a typed-in account ID that is not a number, as a parameter issue', async () => {
		await expect(
			suite.run({
				operation: 'provokeLoginOnAccount',
				nonce: 'acc-bad',
				accountId: { __rl: true, mode: 'id', value: 'abc' },
			}),
		).rejects.toThrow('Not a valid account ID: use a whole number such as 42');
		expect(suite.simulator.requests).toEqual([]);
	});

	it('says which account was not found on a 404', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnAccount',
			nonce: 'acc-404',
			accountId: { __rl: true, mode: 'id', value: '999' },
		});
		expect(error?.message).toBe('Not found (404): there is no account 999 on this server (or the server ID is wrong)');
		expect(error?.httpCode).toBe('404');
	});
});
