import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS } from '../../../../simulator';

describe('user: getRole, getOrCreateRole', () => {
	const suite = useSuite('nextAuth');
	const role = (operation: string, userId: string) => ({
		resource: 'user',
		operation,
		userId: { __rl: true, mode: 'id', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('Get Role sends GET …/users/{userid}/role/ and outputs { userid, role }, the role id as the API gives it', async () => {
		const { items, error } = await suite.run(role('getRole', 'alice'));
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/role/`);
		expect(items.map((item) => item.json)).toEqual([{ userid: 'alice', role: 'cm9sZS9hbGljZSs=' }]);
	});

	it('Get Role names the user in its 404 (no user, or no role yet); Get or Create Role gives one, the same afterwards', async () => {
		const missing = await suite.run(role('getRole', 'dave/ops'));
		expect(missing.error?.message).toBe(
			'Not found (404): there is no user "dave/ops" on this server (or the server ID is wrong), or the user has no role yet (Get or Create Role gives them one)',
		);
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/users/dave%2Fops/role/`);

		suite.simulator.clearRecords();
		const created = await suite.run(role('getOrCreateRole', 'dave/ops'));
		expect(created.error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/users/dave%2Fops/role/`);
		expect(request.body).toBeNull();
		expect(created.items[0].json).toEqual({ userid: 'dave/ops', role: expect.any(String) });

		const again = await suite.run(role('getRole', 'dave/ops'));
		expect(again.items[0].json).toEqual(created.items[0].json);
	});

	it("Get or Create Role names the user on a 404 and the 'users' permission on a 403", async () => {
		const missing = await suite.run(role('getOrCreateRole', 'nobody'));
		expect(missing.error?.message).toBe(
			'Not found (404): there is no user "nobody" on this server (or the server ID is wrong)',
		);
		const refused = await suite.run(role('getOrCreateRole', 'bob'), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(refused.error?.message).toContain("needs the 'users' permission");
	});
});
