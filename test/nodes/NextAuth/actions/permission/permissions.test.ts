import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, ROLES, SERVER_ID } from '../../../../simulator';

/** A role id as the API gives them: base64, so it can hold `/`, `+` and `=`. */
const ODD_ROLE = 'cm9sZS/vcHM+=';
const ODD_ROLE_PATH = 'cm9sZS%2FvcHM%2B%3D';

describe('permission: getAll, get, set, revoke', () => {
	const suite = useSuite('nextAuth');
	const permission = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'permission',
		operation,
		...extra,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('Get Many sends GET …/permissions/ and outputs one item per role, acl split into permissions', async () => {
		const { items, error } = await suite.run(permission('getAll'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/permissions/`);
		expect(request.body).toBeNull();
		const byRole = Object.fromEntries(items.map((item) => [item.json.role, item.json]));
		expect(byRole[ROLES.support]).toEqual({
			role: ROLES.support,
			server: SERVER_ID,
			acl: 'sessions,users',
			permissions: ['sessions', 'users'],
		});
		expect(byRole[ROLES.readonly]).toEqual({ role: ROLES.readonly, server: SERVER_ID, acl: '', permissions: [] });
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Set replaces the permissions of an odd role id (one path segment) with a JSON array; Get reads them back', async () => {
		const set = await suite.run(permission('set', { roleId: ODD_ROLE, permissions: ' sessions, users,,accounts ' }));

		expect(set.error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/permissions/${ODD_ROLE_PATH}`);
		expect(request.headers['content-type']).toBe('application/json');
		expect(JSON.parse(request.body!)).toEqual(['sessions', 'users', 'accounts']);
		expect(set.items.map((item) => item.json)).toEqual([
			{ role: ODD_ROLE, server: SERVER_ID, permissions: ['sessions', 'users', 'accounts'] },
		]);

		suite.simulator.clearRecords();
		const get = await suite.run(permission('get', { roleId: ODD_ROLE }));
		expect(get.error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/permissions/${ODD_ROLE_PATH}`);
		expect(get.items.map((item) => item.json)).toEqual([
			{
				role: ODD_ROLE,
				server: SERVER_ID,
				acl: 'sessions,users,accounts',
				permissions: ['sessions', 'users', 'accounts'],
			},
		]);
	});

	it('Set takes a list of names from an expression, and a second Set replaces the first', async () => {
		await suite.run(permission('set', { roleId: ROLES.support, permissions: '={{ ["accounts"] }}' }));
		const { items } = await suite.run(permission('get', { roleId: ROLES.support }));
		expect(items[0].json.permissions).toEqual(['accounts']);
	});

	it('Revoke All sends DELETE, outputs { role, server, revoked: true }; Get then names the role in its 404', async () => {
		const revoke = await suite.run(permission('revoke', { roleId: ROLES.support }));
		expect(revoke.error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/permissions/${ROLES.support}`);
		expect(request.body).toBeNull();
		expect(revoke.items[0].json).toEqual({ role: ROLES.support, server: SERVER_ID, revoked: true });

		const get = await suite.run(permission('get', { roleId: ROLES.support }));
		expect(get.error?.message).toBe(
			`Not found (404): the role "${ROLES.support}" has no permissions on this server (or the server ID is wrong)`,
		);
	});

	it('refuses bad role ids and permission names before any request, naming the field; N items in, N out', async () => {
		const { items } = await suite.run(
			permission('set', { roleId: '={{ $json.role }}', permissions: '={{ $json.names }}' }),
			{
				items: [
					{ json: { role: '', names: 'sessions' } },
					{ json: { role: '..', names: 'sessions' } },
					{ json: { role: ROLES.support, names: '' } },
					{ json: { role: ROLES.support, names: 'sessions,all users' } },
					{ json: { role: ROLES.support, names: [1] } },
					{ json: { role: ROLES.support, names: 'sessions' } },
				],
				continueOnFail: true,
			},
		);
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'Role ID: is required' },
			{ error: expect.stringMatching(/^Role ID: /) },
			{ error: 'Permissions: is required (to take every permission away, use Revoke All)' },
			{ error: 'Permissions: "all users" is not a permission name (e.g. sessions, users)' },
			{ error: 'Permissions › 1: must be text' },
			{ role: ROLES.support, server: SERVER_ID, permissions: ['sessions'] },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		expect(suite.onlyRequest().method).toBe('POST');
	});

	it("names the 'root' permission when Set or Revoke is refused, 'servers' when reading is; nothing changes", async () => {
		const credentials = suite.credentials({ apiKey: KEYS.admin });
		const set = await suite.run(permission('set', { roleId: ROLES.support, permissions: 'root' }), { credentials });
		expect(set.error?.message).toBe(
			"Permission denied (403): this call needs the 'root' permission on the API key's role (or on the credential's Role ID)",
		);
		const revoke = await suite.run(permission('revoke', { roleId: ROLES.support }), { credentials });
		expect(revoke.error?.message).toContain("needs the 'root' permission");
		const read = await suite.run(permission('getAll'), { credentials: suite.credentials({ apiKey: KEYS.sessions }) });
		expect(read.error?.message).toContain("needs the 'servers' permission");

		const { items } = await suite.run(permission('get', { roleId: ROLES.support }));
		expect(items[0].json.permissions).toEqual(['sessions', 'users']);
	});

	it("passes role ids unchanged, the credential's own Role ID included (they are the data asked for)", async () => {
		const { items, error } = await suite.run(permission('getAll'), {
			credentials: suite.credentials({ apiKey: KEYS.root, roleId: ROLES.all }),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.role)).toContain(ROLES.all);
	});

	it('a Set that failed with a 503 is sent again (replacing twice is replacing once)', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(permission('set', { roleId: ROLES.readonly, permissions: 'sessions' }));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.method)).toEqual(['POST', 'POST']);
	});
});
