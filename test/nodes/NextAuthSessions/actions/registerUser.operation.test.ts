import type { INodeParameters } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, LOGGED_IN_NONCE, ROLES, SERVER_ID } from '../../../simulator';

const REGISTER_PATH = `${SERVER_PATH}/sessions/registeruser`;

/** The 403's sentence for user `userid`: both causes, as the API cannot tell them apart by status. */
const refused = (userid: string) =>
	`The nextAuth API refused to register user "${userid}" on this session (403): either nobody is logged in on the session (the user name goes to the account logged in on it), or the API key's role (or the Role ID) lacks the 'users' permission`;

describe('Register User (registerUser)', () => {
	const suite = useSuite();
	const register = (parameters: INodeParameters = {}): INodeParameters => ({
		operation: 'registerUser',
		nonce: LOGGED_IN_NONCE,
		registerUserId: 'alice.new',
		...parameters,
	});
	const server = () => suite.simulator.serverState(SERVER_ID);
	const account = (id: number) => server().accounts.find((candidate: { id: number }) => candidate.id === id)!;
	const userNames = () => server().users.map((user: { userid: string }) => user.userid);

	beforeEach(() => suite.simulator.resetWorld());

	it('POSTs …/sessions/registeruser?userid=… with the nonce and no body; the logged-in account gets the new user', async () => {
		const { items, error } = await suite.run(register());

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(REGISTER_PATH);
		expect(request.url).toBe(`${REGISTER_PATH}?userid=alice.new`);
		expect(request.headers['x-nonce']).toBe(LOGGED_IN_NONCE);
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { success: true, userid: 'alice.new' }, pairedItem: { item: 0 } }]);

		// account 1 is the one logged in on that session; the user was created
		expect(account(1).userid).toBe('alice.new');
		expect(userNames()).toContain('alice.new');
		expect(suite.simulator.session(SERVER_ID, LOGGED_IN_NONCE).userid).toBe('alice.new');
	});

	it.each([
		['dave/ops', 'dave%2Fops'],
		['zoë', 'zo%C3%AB'],
		['a b', 'a+b'],
		['x?y', 'x%3Fy'],
		['100%', '100%25'],
	])('sends user id %p as one query value', async (userid, encoded) => {
		const { items, error } = await suite.run(register({ registerUserId: userid }));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.path).toBe(REGISTER_PATH);
		expect(request.url).toBe(`${REGISTER_PATH}?userid=${encoded}`);
		expect(request.query).toEqual({ userid });
		expect(items[0].json).toEqual({ success: true, userid });
		expect(account(1).userid).toBe(userid);
	});

	it('registering the name the account already has changes nothing: the same state, no second user', async () => {
		await suite.run(register({ registerUserId: 'dave/ops' }));
		const users = userNames();
		const { items, error } = await suite.run(register({ registerUserId: 'dave/ops' }));

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true, userid: 'dave/ops' });
		expect(userNames()).toEqual(users);
		expect(userNames().filter((name: string) => name === 'dave/ops')).toHaveLength(1);
		expect(account(1).userid).toBe('dave/ops');
	});

	it('the enrol flow: an account enrolled without a user gets its name on the session it is logged in on', async () => {
		const nonce = 'enrol-then-register';
		const enrolled = await suite.run({ operation: 'getQrEnrol', nonce, enrolName: 'New hire phone', qrFormat: 'raw' });
		expect(enrolled.error).toBeUndefined();

		const created = suite.simulator.completeEnrolment(SERVER_ID, nonce);
		expect(created).not.toHaveProperty('userid');
		expect(created).toMatchObject({ description: 'New hire phone', created: expect.any(Number) });

		const { items, error } = await suite.run(register({ nonce, registerUserId: 'zoë' }));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true, userid: 'zoë' });
		expect(account(created.id).userid).toBe('zoë');
		expect(userNames()).toContain('zoë');
		// the session that was logged in before is not touched
		expect(account(1).userid).toBe('alice');
	});

	it('says both causes of a 403: nobody logged in on the session, or no users permission', async () => {
		const nobody = await suite.run(register({ nonce: 'nobody-here', registerUserId: 'bob' }));
		expect(nobody.error?.message).toBe(refused('bob'));
		expect(nobody.error?.httpCode).toBe('403');

		// an enrolment not yet scanned logs nobody in either
		await suite.run({ operation: 'getQrEnrol', nonce: 'not-scanned', enrolName: 'Phone', qrFormat: 'raw' });
		const notScanned = await suite.run(register({ nonce: 'not-scanned', registerUserId: 'bob' }));
		expect(notScanned.error?.message).toBe(refused('bob'));

		const sessionsOnly = await suite.run(register({ registerUserId: 'bob' }), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(sessionsOnly.error?.message).toBe(refused('bob'));

		const readonlyRole = await suite.run(register({ registerUserId: 'bob' }), {
			credentials: suite.credentials({ apiKey: KEYS.root, roleId: ROLES.readonly }),
		});
		expect(readonlyRole.error?.message).toBe(refused('bob'));
		expect(account(1).userid).toBe('alice');
		expect(userNames()).not.toContain('alice.new');
	});

	it('takes an empty or "OK" answer alike', async () => {
		suite.simulator.failNext(1, { status: 200, body: '', contentType: 'text/plain', acted: true });
		const { items, error } = await suite.run(register({ registerUserId: 'carol.smith' }));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true, userid: 'carol.smith' });
		expect(account(1).userid).toBe('carol.smith');
	});

	it.each([
		['an empty User ID from an expression', { registerUserId: '={{ "" }}' }, 'User ID: is required'],
		['a User ID of spaces', { registerUserId: '   ' }, 'User ID: is required'],
		['the User ID "."', { registerUserId: '.' }, 'User ID: "." is not a valid ID'],
		[
			'a User ID with a line break',
			{ registerUserId: 'bob\nX-Evil: 1' },
			'User ID: must not contain line breaks or other control characters',
		],
		[
			'a User ID with a NUL from an expression',
			{ registerUserId: '={{ "bob\\u0000" }}' },
			'User ID: must not contain line breaks or other control characters',
		],
		[
			'a nonce that is not ASCII',
			{ nonce: 'nönce' },
			'Nonce: must be plain ASCII text: HTTP headers cannot carry other characters',
		],
	])('refuses %s before sending anything', async (_, parameters, message) => {
		const { error } = await suite.run(register(parameters as INodeParameters));
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it('with continue-on-fail, a session nobody is logged in on is one error item among the others', async () => {
		const items = [LOGGED_IN_NONCE, 'nobody', LOGGED_IN_NONCE].map((nonce, index) => ({
			json: { nonce, user: `user-${index}` },
		}));
		const { items: output, error } = await suite.run(
			register({ nonce: '={{ $json.nonce }}', registerUserId: '={{ $json.user }}', options: { concurrency: 1 } }),
			{ items, continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: { success: true, userid: 'user-0' }, pairedItem: { item: 0 } },
			{ json: { error: refused('user-1') }, pairedItem: { item: 1 } },
			{ json: { success: true, userid: 'user-2' }, pairedItem: { item: 2 } },
		]);
		expect(account(1).userid).toBe('user-2');
		expect(userNames()).not.toContain('user-1');
	});

	it('a 503 answered after the name was given is not sent again, and the error says why', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(register({ registerUserId: 'bob' }));

		expect(error?.message).toBe(
			'The nextAuth API had a server error (503), try again later (not sent again: the API may already have given the user name to the account)',
		);
		expect(suite.simulator.requests).toHaveLength(1);
		// it had acted: the retry the error warns about would have been a second write
		expect(account(1).userid).toBe('bob');
	});

	it('a 429 is sent again (the API refused it unprocessed)', async () => {
		suite.simulator.failNext(1, { status: 429, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run(register({ registerUserId: 'bob' }));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true, userid: 'bob' });
		expect(suite.simulator.requests.map((request) => [request.method, request.url, request.status])).toEqual([
			['POST', `${REGISTER_PATH}?userid=bob`, 429],
			['POST', `${REGISTER_PATH}?userid=bob`, 200],
		]);
	});
});
