import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

const ODD_IDS = [
	['dave/ops', 'dave%2Fops'],
	['zoë', 'zo%C3%AB'],
	['a b', 'a%20b'],
	['x?y', 'x%3Fy'],
	['100%', '100%25'],
];

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fields = (...pairs: Array<[string, string]>) => ({ attribute: pairs.map(([key, value]) => ({ key, value })) });

describe('user: updateAttributes', () => {
	const suite = useSuite('nextAuth');
	const server = () => suite.simulator.serverState(SERVER_ID);
	const userIds = () => server().users.map((user: { userid: string }) => user.userid);
	const updateAttributes = (userId: string, input: Record<string, unknown>) => ({
		resource: 'user',
		operation: 'updateAttributes',
		userId: byId(userId),
		...input,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it("PUTs the attributes as one JSON object to …/users/{userid}/attributes/ and merges them into the user's", async () => {
		const { items, error } = await suite.run(
			updateAttributes('alice', { attributes: fields(['group', 'ops'], ['floor', '3']) }),
		);

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('PUT');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/attributes/`);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(request.body).toBe('{"group":"ops","floor":"3"}');
		expect(items).toEqual([
			{ json: { success: true, userid: 'alice', attributes: { group: 'ops', floor: '3' } }, pairedItem: { item: 0 } },
		]);
		// Merged: "department" was not sent and stays; "group" changed; "floor" is new.
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'ops', department: 'IT', floor: '3' });
	});

	it('set replaces, update merges: the same input after each leaves different attributes', async () => {
		const input = { attributeInput: 'json', attributesJson: '{"floor": "3"}' };
		await suite.run({ ...updateAttributes('alice', input) });
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({
			group: 'admins',
			department: 'IT',
			floor: '3',
		});
		await suite.run({ ...updateAttributes('alice', input), operation: 'setAttributes' });
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ floor: '3' });
	});

	it('encodes odd user ids as one path segment and sends odd keys as they are', async () => {
		for (const [userid] of ODD_IDS) if (userid !== 'dave/ops') server().users.push({ userid });
		const { error } = await suite.run(
			updateAttributes('={{ $json.user }}', { attributeInput: 'json', attributesJson: '={{ $json.attrs }}' }),
			{
				items: ODD_IDS.map(([user]) => ({ json: { user, attrs: { [user]: 'yes' } } })),
			},
		);

		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.method, request.url, request.json])).toEqual(
			ODD_IDS.map(([user, encoded]) => ['PUT', `${SERVER_PATH}/users/${encoded}/attributes/`, { [user]: 'yes' }]),
		);
		for (const [user] of ODD_IDS) expect(suite.simulator.userAttributes(SERVER_ID, user)).toEqual({ [user]: 'yes' });
	});

	it('names the user on a 404 and says Set Attributes creates one; the user is not created', async () => {
		const { items } = await suite.run(updateAttributes('={{ $json.user }}', { attributes: fields(['group', 'ops']) }), {
			items: [{ json: { user: 'zoë' } }, { json: { user: 'bob' } }],
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: {
					error:
						'Not found (404): there is no user "zoë" on this server (or the server ID is wrong). Update Attributes changes an existing user; Set Attributes creates one',
				},
				pairedItem: { item: 0 },
			},
			{ json: { success: true, userid: 'bob', attributes: { group: 'ops' } }, pairedItem: { item: 1 } },
		]);
		expect(userIds()).not.toContain('zoë');
	});

	it("names the 'users' permission on a 403 and refuses a value that is not text before any request", async () => {
		const refused = await suite.run(updateAttributes('alice', { attributes: fields(['group', 'ops']) }), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);

		suite.simulator.clearRecords();
		const notText = await suite.run(
			updateAttributes('alice', { attributeInput: 'json', attributesJson: '{"group": "ops", "remote": true}' }),
		);
		expect(notText.error?.message).toBe(
			'Attributes (JSON) › "remote": must be text (a JSON string), got true or false',
		);
		expect(suite.simulator.requests).toEqual([]);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
	});

	it('is sent again after a 503 (merging the same attributes twice changes nothing)', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(updateAttributes('bob', { attributes: fields(['floor', '3']) }));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.method, request.status])).toEqual([
			['PUT', 503],
			['PUT', 200],
		]);
		expect(suite.simulator.userAttributes(SERVER_ID, 'bob')).toEqual({ group: 'ops', floor: '3' });
	});
});
