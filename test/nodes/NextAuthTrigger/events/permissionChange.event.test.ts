/**
 * Permission Changed in n8n's engine: the server's permission list compared, role by role and as
 * sets of names, with the poll before; granted, changed and revoked each once.
 */
import { fetchTestEvent, useTriggerSuite } from '../../../harness/pollTrigger';
import { KEYS, ROLES, SERVER_ID } from '../../../simulator';

describe('NextAuth Trigger › Permission Changed', () => {
	const { suite, activate } = useTriggerSuite('permissionChange');
	const roles = () => suite.simulator.serverState(SERVER_ID).roles as Record<string, { permissions: string[] }>;
	const grant = (role: string, permissions: string[]) => {
		roles()[role] = { ...roles()[role], permissions };
	};

	it('baseline without events, one request a poll; granted, changed and revoked come out once, each with before and after', async () => {
		const trigger = await activate();
		expect(suite.simulator.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
			'GET /servers/sim%2BServer%2F0001%3D/permissions/',
		]);
		expect(await trigger.poll()).toEqual({});

		suite.simulator.clearRecords();
		grant('ro+le/new=', ['sessions']);
		grant(ROLES.support, ['sessions', 'users', 'root']);
		delete roles()[ROLES.readonly];
		grant(ROLES.admin, []);
		const { items } = await trigger.poll();
		expect(suite.simulator.requests).toHaveLength(1);
		expect(items?.map((item) => item.json)).toEqual([
			{
				role: ROLES.support,
				server: SERVER_ID,
				change: 'changed',
				permissions: ['sessions', 'users', 'root'],
				previousPermissions: ['sessions', 'users'],
				acl: 'sessions,users,root',
				previousAcl: 'sessions,users',
				event: 'permissionChange',
			},
			{
				role: ROLES.admin,
				server: SERVER_ID,
				change: 'revoked',
				permissions: [],
				previousPermissions: ['servers', 'createserver'],
				acl: '',
				previousAcl: 'servers,createserver',
				event: 'permissionChange',
			},
			{
				role: 'ro+le/new=',
				server: SERVER_ID,
				change: 'granted',
				permissions: ['sessions'],
				previousPermissions: [],
				acl: 'sessions',
				event: 'permissionChange',
			},
		]);
		// role-readonly had an empty acl: no permissions before, none now (no entry): no change.
		expect(await trigger.poll()).toEqual({});

		delete roles()['ro+le/new='];
		const revoked = await trigger.poll();
		expect(revoked.items?.map((item) => item.json)).toEqual([
			{
				role: 'ro+le/new=',
				server: SERVER_ID,
				change: 'revoked',
				permissions: [],
				previousPermissions: ['sessions'],
				previousAcl: 'sessions',
				event: 'permissionChange',
			},
		]);
	});

	it('the same names in another order are no change; other names of the same count are', async () => {
		const trigger = await activate();
		grant(ROLES.support, ['users', 'sessions']);
		expect(await trigger.poll()).toEqual({});
		grant(ROLES.support, ['accounts', 'root']);
		const { items } = await trigger.poll();
		expect(items?.map((item) => [item.json.change, item.json.permissions, item.json.previousPermissions])).toEqual([
			['changed', ['accounts', 'root'], ['users', 'sessions']],
		]);
	});

	it('acl and previousAcl are absent where the role had no entry, present (empty) where it had an empty one', async () => {
		const trigger = await activate();
		grant('ro+le/new=', ['sessions']);
		grant(ROLES.readonly, ['users']);
		const { items } = await trigger.poll();
		const byRole = Object.fromEntries((items ?? []).map((item) => [item.json.role, item.json]));
		expect(byRole['ro+le/new=']).not.toHaveProperty('previousAcl');
		expect(byRole[ROLES.readonly]).toHaveProperty('previousAcl', '');
		delete roles()['ro+le/new='];
		const revoked = await trigger.poll();
		expect(revoked.items?.[0].json).not.toHaveProperty('acl');
	});

	it('reads an entry without acl as no permissions; refuses an entry without role, an acl too long, too many roles', async () => {
		const trigger = await activate();
		const answer = (permissions: unknown[]) =>
			suite.simulator.failNext(1, { status: 200, body: JSON.stringify({ permissions }) });
		answer([
			{ role: ROLES.support, server: SERVER_ID, acl: 'sessions,users' },
			{ role: ROLES.admin, server: SERVER_ID },
		]);
		const noAcl = await trigger.poll();
		// role-admin is listed without acl: it has none now; role-all is not listed at all.
		expect(noAcl.items?.map((item) => [item.json.role, item.json.change, item.json.permissions])).toEqual([
			[ROLES.admin, 'revoked', []],
			[ROLES.all, 'revoked', []],
		]);
		for (const entry of [
			{ server: SERVER_ID, acl: 'sessions' },
			{ role: '', acl: 'sessions' },
		]) {
			answer([entry]);
			expect((await trigger.poll()).error?.message).toBe(
				'The nextAuth API answered with a permission entry without a "role"',
			);
		}
		answer([{ role: ROLES.support, acl: 'x'.repeat(4097) }]);
		expect((await trigger.poll()).error?.message).toBe(
			'The nextAuth API answered with an acl longer than 4096 characters',
		);
		answer([{ role: ROLES.support, acl: 's'.repeat(4096) }]);
		expect((await trigger.poll()).error).toBeUndefined();
		const many = (count: number) => Array.from({ length: count }, (_, n) => ({ role: `r${n}`, acl: '' }));
		answer(many(10_001));
		expect((await trigger.poll()).error?.message).toBe(
			'The server has permissions for more than 10,000 roles, the most the trigger watches',
		);
		answer(many(10_000));
		expect((await trigger.poll()).error).toBeUndefined();
	});

	it('Fetch Test Event with no permission entry says so', async () => {
		for (const id of Object.keys(roles())) delete roles()[id];
		await expect(fetchTestEvent(suite.engine, { event: 'permissionChange' }, suite.credentials())).rejects.toThrow(
			'No role has permissions on this server yet: grant some, then fetch again',
		);
	});

	it('failed polls move nothing; the change comes once after them, also across a restart', async () => {
		const trigger = await activate();
		grant(ROLES.readonly, ['accounts']);
		suite.simulator.failNext(8, { status: 500 });
		expect((await trigger.poll()).error?.message).toMatch(/500/);
		suite.simulator.faults = [];
		const atStart = await trigger.restart();
		expect(atStart.items?.map((item) => [item.json.role, item.json.change])).toEqual([[ROLES.readonly, 'granted']]);
		expect(await trigger.poll()).toEqual({});
	});

	it('Max Events per Poll: the rest at the next polls, none lost, none twice', async () => {
		const trigger = await activate({ options: { maxEventsPerPoll: 2 } });
		for (let n = 0; n < 5; n++) grant(`role-${n}`, ['sessions']);
		const emitted = [];
		for (let poll = 0; poll < 4; poll++)
			emitted.push(...((await trigger.poll()).items?.map((item) => item.json.role) ?? []));
		expect(emitted).toEqual(['role-0', 'role-1', 'role-2', 'role-3', 'role-4']);
	});

	it("names the 'servers' permission when the poll is refused", async () => {
		const trigger = suite.simulator;
		const { ActiveTrigger } = await import('../../../harness/pollTrigger');
		const watch = new ActiveTrigger(suite.engine, { event: 'permissionChange' }, () =>
			suite.credentials({ apiKey: KEYS.sessions }),
		);
		await expect(watch.activate()).rejects.toThrow(
			"Permission denied (403): this call needs the 'servers' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(trigger.requests).toHaveLength(1);
	});

	it('Fetch Test Event: the first entry as granted', async () => {
		const [[sample]] = (await fetchTestEvent(suite.engine, { event: 'permissionChange' }, suite.credentials()))!;
		expect(sample.json).toMatchObject({
			change: 'granted',
			previousPermissions: [],
			server: SERVER_ID,
			event: 'permissionChange',
		});
	});
});
