import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../simulator';

describe('provokeLoginOnUser', () => {
	const suite = useSuite();

	it('sends POST /servers/{serverid}/users/{userid}/provokelogin for a user picked from the list', async () => {
		const { items, error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'user-1',
			userId: { __rl: true, mode: 'list', value: 'bob', cachedResultName: 'bob' },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/users/bob/provokelogin`);
		expect(request.headers['x-nonce']).toBe('user-1');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { success: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.pushes).toEqual([
			{ serverId: SERVER_ID, nonce: 'user-1', target: { userid: 'bob' }, userContext: undefined },
		]);
	});

	it('percent-encodes the user id as one path segment', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'user-2',
			userId: { __rl: true, mode: 'id', value: 'dave/ops' },
		});
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.path).toBe(`${SERVER_PATH}/users/dave%2Fops/provokelogin`);
		expect(request.segments).toEqual(['servers', SERVER_ID, 'users', 'dave/ops', 'provokelogin']);
	});

	it.each(['../../apikeys/', '../x', 'a?b=c#d', 'x%2F..'])(
		'keeps the hostile user id %p inside its segment',
		async (userId) => {
			const { error } = await suite.run({
				operation: 'provokeLoginOnUser',
				nonce: 'user-3',
				userId: { __rl: true, mode: 'id', value: userId },
			});
			expect(error?.httpCode).toBe('404');
			const request = suite.onlyRequest();
			expect(request.path).toBe(`${SERVER_PATH}/users/${encodeURIComponent(userId)}/provokelogin`);
			expect(request.segments).toEqual(['servers', SERVER_ID, 'users', userId, 'provokelogin']);
			expect(request.query).toEqual({});
		},
	);

	it.each(['..', '.', '', '   '])('refuses the user id %p before sending anything', async (userId) => {
		const { error } = await suite.run(
			{
				operation: 'provokeLoginOnUser',
				nonce: 'user-4',
				userId: { __rl: true, mode: 'id', value: '={{ $json.user }}' },
			},
			{ items: [{ json: { user: userId } }] },
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^User: /);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('sends the user context as JSON and works with a users-only key', async () => {
		const { error } = await suite.run(
			{
				operation: 'provokeLoginOnUser',
				nonce: 'user-5',
				userId: { __rl: true, mode: 'id', value: 'carol.smith' },
				sendUserContext: true,
				announceInfo: { info: { app: 'Payroll' } },
			},
			{ credentials: suite.credentials({ apiKey: KEYS.users }) },
		);
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.url).toBe(`${SERVER_PATH}/users/carol.smith/provokelogin`);
		expect(request.json).toEqual({ announceinfo: { info: { app: 'Payroll' } } });
	});

	it('says which user was not found on a 404', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'user-404',
			userId: { __rl: true, mode: 'id', value: 'mallory' },
		});
		expect(error?.message).toBe(
			'Not found (404): there is no user "mallory" on this server (or the server ID is wrong)',
		);
	});
});
