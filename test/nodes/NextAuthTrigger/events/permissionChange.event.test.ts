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

	it('the same names in another order are no change', async () => {
		const trigger = await activate();
		grant(ROLES.support, ['users', 'sessions']);
		expect(await trigger.poll()).toEqual({});
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
