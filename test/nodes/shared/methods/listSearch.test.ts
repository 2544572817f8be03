import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS } from '../../../simulator';

describe('list search', () => {
	const suite = useSuite();
	const parameters = { operation: 'provokeLoginOnUser', nonce: 'n' };

	it('lists users matching the filter through GET /users/?search=', async () => {
		const result = await suite.engine.listSearch('searchUsers', suite.credentials(), parameters, 'al');

		expect(result).toEqual({ results: [{ name: 'alice', value: 'alice' }], paginationToken: undefined });
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${SERVER_PATH}/users/`);
		expect(request.query).toEqual({ search: 'al', limit: '100', marker: '0' });
		expect(request.headers['x-apikey']).toBe(KEYS.all);
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(request.body).toBeNull();
	});

	it('lists every user without a filter', async () => {
		const result = await suite.engine.listSearch('searchUsers', suite.credentials(), parameters);
		expect(result.results.map((user) => user.value)).toEqual(['alice', 'bob', 'carol.smith', 'dave/ops']);
		expect(suite.onlyRequest().query).toEqual({ limit: '100', marker: '0' });
	});

	it('pages with the marker n8n hands back', async () => {
		const server = Object.values(suite.simulator.fixture.servers)[0];
		const saved = server.users;
		server.users = Array.from({ length: 150 }, (_, i) => ({ userid: `user-${String(i).padStart(3, '0')}` }));
		try {
			const first = await suite.engine.listSearch('searchUsers', suite.credentials(), parameters);
			expect(first.results).toHaveLength(100);
			expect(first.paginationToken).toBe('100');
			const second = await suite.engine.listSearch(
				'searchUsers',
				suite.credentials(),
				parameters,
				undefined,
				first.paginationToken,
			);
			expect(second.results.map((user) => user.value)).toEqual(server.users.slice(100).map((user) => user.userid));
			expect(second.paginationToken).toBeUndefined();
			expect(suite.simulator.requests.map((request) => request.query.marker)).toEqual(['0', '100']);
		} finally {
			server.users = saved;
		}
	});

	it('lists accounts with owner and id, filtered by the typed text', async () => {
		const all = await suite.engine.listSearch('searchAccounts', suite.credentials(), parameters);
		expect(all.results).toEqual([
			{ name: "Alice's phone (alice) · #1", value: '1' },
			{ name: "Alice's tablet (alice) · #2", value: '2' },
			{ name: "Bob's phone (bob) · #3", value: '3' },
			{ name: 'Carol work phone (carol.smith) · #4', value: '4' },
		]);
		const request = suite.onlyRequest();
		expect(request.path).toBe(`${SERVER_PATH}/accounts/`);
		expect(request.query).toEqual({ limit: '100', marker: '0' });

		const filtered = await suite.engine.listSearch('searchAccounts', suite.credentials(), parameters, 'BOB');
		expect(filtered.results.map((account) => account.value)).toEqual(['3']);
	});

	it('offers only entries whose ids are what the API gave as ids (text, or an account number)', async () => {
		const users = [
			{ userid: ['phone#1'] },
			{ userid: 7 },
			{ userid: { id: 'x' } },
			{},
			{ userid: '' },
			{ userid: 'bob' },
		];
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ users, totalnumber: users.length }) });
		const offeredUsers = await suite.engine.listSearch('searchUsers', suite.credentials(), parameters);
		expect(offeredUsers.results).toEqual([{ name: 'bob', value: 'bob' }]);

		const accounts = [
			{ id: '5', description: ['listed'], userid: ['alice'] },
			{ id: 6, description: { text: 'x' }, userid: 7 },
			{ id: [7] },
			{ id: -8 },
			{ id: 1.5 },
			{ description: 'no id' },
			{ id: 9, description: 'Phone', userid: 'carol' },
		];
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ accounts, totalnumber: accounts.length }) });
		const offeredAccounts = await suite.engine.listSearch('searchAccounts', suite.credentials(), parameters);
		expect(offeredAccounts.results).toEqual([
			{ name: 'Account 5 · #5', value: '5' },
			{ name: 'Account 6 · #6', value: '6' },
			{ name: 'Phone (carol) · #9', value: '9' },
		]);
		expect(offeredAccounts.paginationToken).toBeUndefined();
	});

	it('uses the server id from the node options when set', async () => {
		await expect(
			suite.engine.listSearch('searchUsers', suite.credentials(), {
				...parameters,
				options: { serverId: 'elsewhere' },
			}),
		).rejects.toThrow('Not found (404): check the server ID');
		expect(suite.onlyRequest().path).toBe('/servers/elsewhere/users/');
	});

	it('says which permission is missing when the key may not list', async () => {
		const credentials = suite.credentials({ apiKey: KEYS.sessions });
		await expect(suite.engine.listSearch('searchUsers', credentials, parameters)).rejects.toThrow(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
		await expect(suite.engine.listSearch('searchAccounts', credentials, parameters)).rejects.toThrow(
			"Permission denied (403): this call needs the 'accounts' permission",
		);
	});
});
