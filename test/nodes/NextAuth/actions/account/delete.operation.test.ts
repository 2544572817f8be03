import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('account: delete', () => {
	const suite = useSuite('nextAuth');
	const ids = () => suite.simulator.serverState(SERVER_ID).accounts.map((account: { id: number }) => account.id);

	beforeEach(() => suite.simulator.resetWorld());

	it('sends DELETE …/accounts/{accountid}/ and outputs { deleted: true }; the account is gone', async () => {
		const { items, error } = await suite.run({
			resource: 'account',
			operation: 'delete',
			accountId: { __rl: true, mode: 'list', value: '2' },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/accounts/2/`);
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(ids()).toEqual([1, 3, 4]);

		const again = await suite.run({
			resource: 'account',
			operation: 'delete',
			accountId: { __rl: true, mode: 'list', value: '2' },
		});
		expect(again.error?.message).toBe(
			'Not found (404): there is no account 2 on this server (or the server ID is wrong)',
		);
	});

	it("deletes nothing without the 'accounts' permission, and says which one is missing", async () => {
		const { error } = await suite.run(
			{ resource: 'account', operation: 'delete', accountId: { __rl: true, mode: 'id', value: '1' } },
			{ credentials: suite.credentials({ apiKey: KEYS.users }) },
		);
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'accounts' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(ids()).toEqual([1, 2, 3, 4]);
	});
});
