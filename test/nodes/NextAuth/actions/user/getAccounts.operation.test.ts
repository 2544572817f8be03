import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { SERVER_ID } from '../../../../simulator';

describe('user: getAccounts', () => {
	const suite = useSuite('nextAuth');
	const getAccounts = (userId: string, extra: Record<string, unknown> = {}) => ({
		resource: 'user',
		operation: 'getAccounts',
		userId: { __rl: true, mode: 'id', value: userId },
		...extra,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends GET …/users/{userid}/accounts (no trailing slash) and gives one item per account', async () => {
		const { items, error } = await suite.run(getAccounts('alice', { filters: { sort: 'id:desc' } }));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/accounts?sort=id%3Adesc&limit=50&marker=0`);
		expect(items.map((item) => item.json)).toEqual([
			suite.simulator.serverState(SERVER_ID).accounts[1],
			suite.simulator.serverState(SERVER_ID).accounts[0],
		]);
	});

	it.each([
		['dave/ops', 'dave%2Fops'],
		['what?', 'what%3F'],
		['100%', '100%25'],
		['Anna Maria', 'Anna%20Maria'],
		['zoë', 'zo%C3%AB'],
	])('encodes user id %p as one path segment (%s)', async (userid, encoded) => {
		const server = suite.simulator.serverState(SERVER_ID);
		if (!server.users.some((user: { userid: string }) => user.userid === userid)) server.users.push({ userid });
		server.accounts.push({ id: 500, description: 'their phone', userid });
		const { items, error } = await suite.run(getAccounts(userid));

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().path).toBe(`${SERVER_PATH}/users/${encoded}/accounts`);
		expect(items.map((item) => item.json.id)).toEqual([500]);
	});

	it('pages a user with many accounts across several pages', async () => {
		suite.simulator.addBulkAccounts(2500, { users: 10 });
		const { items } = await suite.run(getAccounts('bulk-3', { returnAll: true }));
		expect(items).toHaveLength(250);
		expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '100', '200']);
	});

	it('names the user on a 404', async () => {
		const { error } = await suite.run(getAccounts('ghost'));
		expect(error?.message).toBe('Not found (404): there is no user "ghost" on this server (or the server ID is wrong)');
	});
});
