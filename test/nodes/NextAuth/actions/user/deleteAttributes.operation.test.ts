import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('user: deleteAttributes', () => {
	const suite = useSuite('nextAuth');
	const userIds = () => suite.simulator.serverState(SERVER_ID).users.map((user: { userid: string }) => user.userid);
	const deleteAttributes = (userId: string) => ({
		resource: 'user',
		operation: 'deleteAttributes',
		userId: { __rl: true, mode: 'id', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends DELETE …/users/{userid}/attributes/ (trailing slash) and outputs { deleted: true }; the user and accounts stay', async () => {
		const { items, error } = await suite.run(deleteAttributes('alice'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/attributes/`);
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({});
		expect(userIds()).toContain('alice');
		expect(
			suite.simulator
				.serverState(SERVER_ID)
				.accounts.filter((account: { userid: string }) => account.userid === 'alice'),
		).toHaveLength(2);
		expect(suite.simulator.userAttributes(SERVER_ID, 'bob')).toEqual({ group: 'ops' });
	});

	it('encodes an odd user id as one path segment', async () => {
		suite.simulator.serverState(SERVER_ID).attributes.set('dave/ops', { group: 'ops' });
		await suite.run(deleteAttributes('dave/ops'));
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/users/dave%2Fops/attributes/`);
		expect(suite.simulator.userAttributes(SERVER_ID, 'dave/ops')).toEqual({});
	});

	it("names the user on a 404 and the 'users' permission on a 403; with continue-on-fail each item is paired", async () => {
		const { items } = await suite.run(deleteAttributes('={{ $json.user }}'), {
			items: [{ json: { user: 'x?y' } }, { json: { user: 'bob' } }, { json: { user: '' } }],
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: { error: 'Not found (404): there is no user "x?y" on this server (or the server ID is wrong)' },
				pairedItem: { item: 0 },
			},
			{ json: { deleted: true }, pairedItem: { item: 1 } },
			{ json: { error: 'User: is required' }, pairedItem: { item: 2 } },
		]);
		expect(suite.simulator.requests.map((request) => request.url)).toEqual([
			`${SERVER_PATH}/users/x%3Fy/attributes/`,
			`${SERVER_PATH}/users/bob/attributes/`,
		]);

		const refused = await suite.run(deleteAttributes('alice'), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
	});
});
