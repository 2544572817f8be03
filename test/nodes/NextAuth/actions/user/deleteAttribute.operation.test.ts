import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

const ODD = [
	['dave/ops', 'dave%2Fops'],
	['zoë', 'zo%C3%AB'],
	['a b', 'a%20b'],
	['x?y', 'x%3Fy'],
	['100%', '100%25'],
];

describe('user: deleteAttribute', () => {
	const suite = useSuite('nextAuth');
	const server = () => suite.simulator.serverState(SERVER_ID);
	const deleteAttribute = (userId: string, attributeKey: string) => ({
		resource: 'user',
		operation: 'deleteAttribute',
		userId: { __rl: true, mode: 'id', value: userId },
		attributeKey,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends DELETE …/users/{userid}/attributes/{attributekey} and outputs { deleted: true }; the other attributes stay', async () => {
		const { items, error } = await suite.run(deleteAttribute('alice', 'department'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('DELETE');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/attributes/department`);
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();
		expect(items).toEqual([{ json: { deleted: true }, pairedItem: { item: 0 } }]);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins' });
	});

	it('encodes odd user ids and odd attribute keys, each as one path segment', async () => {
		server().attributes.set('dave/ops', Object.fromEntries(ODD.map(([key]) => [key, 'v'])));
		const { error } = await suite.run(deleteAttribute('dave/ops', '={{ $json.key }}'), {
			items: ODD.map(([key]) => ({ json: { key } })),
		});

		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.url)).toEqual(
			ODD.map(([, encoded]) => `${SERVER_PATH}/users/dave%2Fops/attributes/${encoded}`),
		);
		expect(suite.simulator.userAttributes(SERVER_ID, 'dave/ops')).toEqual({});
	});

	it('takes the key exactly as given (spaces are part of it) and deletes a key that is not there without error', async () => {
		const { error } = await suite.run(deleteAttribute('bob', ' group'));
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/users/bob/attributes/%20group`);
		expect(suite.simulator.userAttributes(SERVER_ID, 'bob')).toEqual({ group: 'ops' });
	});

	it('refuses an empty key, "." and ".." before any request (servers resolve them: "/attributes/.." would name the user)', async () => {
		const { items } = await suite.run(deleteAttribute('alice', '={{ $json.key }}'), {
			items: ['', '  ', '.', '..', 'group'].map((key) => ({ json: { key } })),
			continueOnFail: true,
		});
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'Attribute Key: is required' },
			{ error: 'Attribute Key: is required' },
			{
				error:
					'Attribute Key: "." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
			},
			{
				error:
					'Attribute Key: ".." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
			},
			{ deleted: true },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/users/alice/attributes/group`);
	});

	it("names the user on a 404 and the 'users' permission on a 403", async () => {
		const missing = await suite.run(deleteAttribute('zoë', 'group'));
		expect(missing.error?.message).toBe(
			'Not found (404): there is no user "zoë" on this server (or the server ID is wrong)',
		);

		const refused = await suite.run(deleteAttribute('alice', 'group'), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
	});
});
