import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('user: deleteAccounts', () => {
	const suite = useSuite('nextAuth');
	const owners = () =>
		suite.simulator.serverState(SERVER_ID).accounts.map((account: { userid: string }) => account.userid);
	const deleteAccounts = (userId: string) => ({
		resource: 'user',
		operation: 'deleteAccounts',
		userId: { __rl: true, mode: 'list', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends DELETE …/users/{userid}/accounts and outputs { deleted: true }; the user stays', async () => {
		const { items, error } = await suite.run(deleteAccounts('alice'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/accounts`);
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(owners()).toEqual(['bob', 'carol.smith']);
		expect(suite.simulator.serverState(SERVER_ID).users.map((user: { userid: string }) => user.userid)).toContain(
			'alice',
		);
	});

	it("works with the 'users' permission alone, and names both permissions when the key has neither", async () => {
		const allowed = await suite.run(deleteAccounts('bob'), { credentials: suite.credentials({ apiKey: KEYS.users }) });
		expect(allowed.error).toBeUndefined();

		const refused = await suite.run(deleteAccounts('alice'), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'accounts or users' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(owners()).toEqual(['alice', 'alice', 'carol.smith']);
	});
});
