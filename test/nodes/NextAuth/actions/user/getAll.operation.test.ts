import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('user: getAll', () => {
	const suite = useSuite('nextAuth');

	beforeEach(() => suite.simulator.resetWorld());

	it('with Return All, pages through every user, one item per user as the API gives it', async () => {
		const users = suite.simulator.serverState(SERVER_ID).users;
		for (let n = 0; n < 230; n++) users.push({ userid: `user-${String(n).padStart(3, '0')}` });
		const { items, error } = await suite.run({ resource: 'user', operation: 'getAll', returnAll: true });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(234);
		expect(items[0].json).toEqual({ userid: 'alice', lastlogin: 1764000000000, numberaccounts: 2 });
		expect(items.at(-1)?.json).toEqual({ userid: 'user-229', numberaccounts: 0 });
		expect(suite.simulator.requests.map((request) => [request.path, request.query.marker])).toEqual([
			[`${SERVER_PATH}/users/`, '0'],
			[`${SERVER_PATH}/users/`, '100'],
			[`${SERVER_PATH}/users/`, '200'],
		]);
	});

	it('sends Search, Attribute Filter and Sort, and gives what the API selected', async () => {
		const { items, error } = await suite.run({
			resource: 'user',
			operation: 'getAll',
			limit: 10,
			filters: { search: 'a', filter: 'userid=in:alice,carol.smith,dave/ops', sort: 'userid:desc' },
		});

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().query).toEqual({
			search: 'a',
			filter: 'userid=in:alice,carol.smith,dave/ops',
			sort: 'userid:desc',
			limit: '10',
			marker: '0',
		});
		expect(items.map((item) => item.json.userid)).toEqual(['dave/ops', 'carol.smith', 'alice']);
	});

	it("names the 'users' permission when the key lacks it", async () => {
		const { error } = await suite.run(
			{ resource: 'user', operation: 'getAll' },
			{ credentials: suite.credentials({ apiKey: KEYS.sessions }) },
		);
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
	});

	it('refuses an answer without a users array as an error, not as empty', async () => {
		suite.simulator.failNext(1, { status: 200, body: '{"users":"alice"}' });
		const { error } = await suite.run({ resource: 'user', operation: 'getAll' });
		expect(error?.message).toBe('The nextAuth API answered with a list of users that has no "users" array of objects');
	});
});
