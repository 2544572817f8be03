import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

describe('account: setUser (Move to User)', () => {
	const suite = useSuite('nextAuth');
	const account = (id: number) =>
		suite.simulator.serverState(SERVER_ID).accounts.find((candidate: { id: number }) => candidate.id === id);
	const move = (accountId: string, userId: string) => ({
		resource: 'account',
		operation: 'setUser',
		accountId: { __rl: true, mode: 'id', value: accountId },
		userId: { __rl: true, mode: 'list', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends PUT …/accounts/{accountid}/user?userid=… with the user id encoded, and gives the moved account', async () => {
		const { items, error } = await suite.run(move('3', 'dave/ops'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('PUT');
		expect(request.url).toBe(`${SERVER_PATH}/accounts/3/user?userid=dave%2Fops`);
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { ...account(3), userid: 'dave/ops' }, pairedItem: { item: 0 } }]);
		expect(account(3).userid).toBe('dave/ops');
	});

	it.each(['a b&c=d', 'zoë+ü', '100%?#x'])('sends user id %p as one query value', async (userid) => {
		suite.simulator.serverState(SERVER_ID).users.push({ userid });
		const { error } = await suite.run(move('1', userid));
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().query).toEqual({ userid });
		expect(account(1).userid).toBe(userid);
	});

	it('says both possible causes of a 403: an unknown user or a missing permission', async () => {
		const { error } = await suite.run(move('1', 'nobody'));
		expect(error?.message).toBe(
			"The nextAuth API refused to move account 1 to user \"nobody\" (403): either there is no such user on this server, or the API key's role (or the Role ID) lacks the 'accounts' permission",
		);
		expect(account(1).userid).toBe('alice');

		const withoutPermission = await suite.run(move('1', 'bob'), {
			credentials: suite.credentials({ apiKey: KEYS.users }),
		});
		expect(withoutPermission.error?.message).toBe(error?.message.replace('"nobody"', '"bob"'));
	});

	it('names the account on a 404, and refuses an empty user before sending', async () => {
		const missing = await suite.run(move('999', 'bob'));
		expect(missing.error?.message).toBe(
			'Not found (404): there is no account 999 on this server (or the server ID is wrong)',
		);

		suite.simulator.clearRecords();
		const empty = await suite.run({ ...move('1', ''), userId: { __rl: true, mode: 'id', value: '={{ "" }}' } });
		expect(empty.error?.message).toBe('User: is required');
		expect(suite.simulator.requests).toEqual([]);
	});
});
