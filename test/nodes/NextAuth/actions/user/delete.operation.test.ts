import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('user: delete', () => {
	const suite = useSuite('nextAuth');
	const userIds = () => suite.simulator.serverState(SERVER_ID).users.map((user: { userid: string }) => user.userid);
	const deleteUser = (userId: string) => ({
		resource: 'user',
		operation: 'delete',
		userId: { __rl: true, mode: 'id', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends DELETE …/users/{userid}/ (trailing slash, id encoded) and outputs { deleted: true }', async () => {
		const { items, error } = await suite.run(deleteUser('dave/ops'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/users/dave%2Fops/`);
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(userIds()).toEqual(['alice', 'bob', 'carol.smith']);
	});

	it("names the user on a 404 and the 'users' permission on a 403; with continue-on-fail each is an error item", async () => {
		const { items } = await suite.run(
			{ resource: 'user', operation: 'delete', userId: { __rl: true, mode: 'id', value: '={{ $json.user }}' } },
			{
				items: [{ json: { user: 'ghost' } }, { json: { user: 'bob' } }, { json: { user: '..' } }],
				continueOnFail: true,
			},
		);
		expect(items).toEqual([
			{
				json: { error: 'Not found (404): there is no user "ghost" on this server (or the server ID is wrong)' },
				pairedItem: { item: 0 },
			},
			{ json: { deleted: true }, pairedItem: { item: 1 } },
			{ json: { error: 'User: ".." is not a valid ID' }, pairedItem: { item: 2 } },
		]);
		expect(suite.simulator.requests.map((request) => request.url)).toEqual([
			`${SERVER_PATH}/users/ghost/`,
			`${SERVER_PATH}/users/bob/`,
		]);

		const refused = await suite.run(deleteUser('alice'), { credentials: suite.credentials({ apiKey: KEYS.sessions }) });
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(userIds()).toContain('alice');
	});
});
