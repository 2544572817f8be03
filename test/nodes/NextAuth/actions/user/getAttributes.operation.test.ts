import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

/** User ids and attribute keys that must travel as one percent-encoded path segment. */
const ODD_IDS = [
	['dave/ops', 'dave%2Fops'],
	['zoë', 'zo%C3%AB'],
	['a b', 'a%20b'],
	['x?y', 'x%3Fy'],
	['100%', '100%25'],
];

describe('user: getAttributes', () => {
	const suite = useSuite('nextAuth');
	const server = () => suite.simulator.serverState(SERVER_ID);
	const getAttributes = (userId: string) => ({
		resource: 'user',
		operation: 'getAttributes',
		userId: { __rl: true, mode: 'id', value: userId },
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends GET …/users/{userid}/attributes/ (trailing slash, no body) and reads the text/plain answer as JSON', async () => {
		const { items, error } = await suite.run(getAttributes('alice'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/attributes/`);
		expect(request.headers.accept).toBe('application/json, text/plain');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(request.body).toBeNull();
		expect(items).toEqual([
			{ json: { userid: 'alice', attributes: { group: 'admins', department: 'IT' } }, pairedItem: { item: 0 } },
		]);

		// The answer was text/plain, as the real API sends it.
		const answer = await fetch(`${suite.simulator.baseUrl}${SERVER_PATH}/users/alice/attributes/`, {
			headers: { 'x-apikey': KEYS.all },
		});
		expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await answer.json()).toEqual({ group: 'admins', department: 'IT' });
	});

	it('encodes odd user ids as one path segment, and gives {} for a user without attributes', async () => {
		for (const [userid] of ODD_IDS) {
			if (userid !== 'dave/ops') server().users.push({ userid });
			server().attributes.set(userid, { name: userid });
		}
		server().attributes.delete('100%');
		const { items, error } = await suite.run(
			{ ...getAttributes('={{ $json.user }}') },
			{ items: ODD_IDS.map(([user]) => ({ json: { user } })) },
		);

		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.url)).toEqual(
			ODD_IDS.map(([, encoded]) => `${SERVER_PATH}/users/${encoded}/attributes/`),
		);
		expect(items.map((item) => item.json)).toEqual([
			{ userid: 'dave/ops', attributes: { name: 'dave/ops' } },
			{ userid: 'zoë', attributes: { name: 'zoë' } },
			{ userid: 'a b', attributes: { name: 'a b' } },
			{ userid: 'x?y', attributes: { name: 'x?y' } },
			{ userid: '100%', attributes: {} },
		]);
	});

	it.each([
		[
			'an object, whatever the Content-Type',
			'application/octet-stream',
			'{"group":"ops","floor":"3"}',
			{ group: 'ops', floor: '3' },
		],
		[
			'a list of { key, value } pairs (the definition\'s "array of attributes"), a repeated key taking the later value',
			'text/plain',
			'[{"key":"group","value":"ops"},{"key":"floor","value":"3"},{"key":"group","value":"admins"}]',
			{ group: 'admins', floor: '3' },
		],
		[
			'a JSON string holding the object (the definition types the answer as a string)',
			'text/plain',
			JSON.stringify('{"group":"ops"}'),
			{ group: 'ops' },
		],
		['an empty answer, as no attributes', 'text/plain', '', {}],
		[
			'a "__proto__" key, as an attribute like any other',
			'text/plain',
			'{"__proto__":"x","a b":"y"}',
			JSON.parse('{"__proto__":"x","a b":"y"}'),
		],
	])('accepts %s and outputs an object', async (_, contentType, body, attributes) => {
		suite.simulator.failNext(1, { status: 200, contentType, body });
		const { items, error } = await suite.run(getAttributes('bob'));
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ userid: 'bob', attributes });
		expect(Object.keys(items[0].json.attributes as object)).toEqual(Object.keys(attributes));
	});

	it.each([['[1,2]'], ['"just text"'], ['not json'], ['[{"value":"no key"}]']])(
		'refuses an answer that is no attributes: %s',
		async (body) => {
			suite.simulator.failNext(1, { status: 200, contentType: 'text/plain', body });
			const { error } = await suite.run(getAttributes('bob'));
			expect(error?.message).toBe(
				'The nextAuth API answered with attributes that are neither a JSON object nor a list of { "key", "value" } pairs',
			);
		},
	);

	it('redacts the API key in attribute values and keys', async () => {
		suite.simulator.failNext(1, {
			status: 200,
			contentType: 'text/plain',
			body: JSON.stringify({ note: `key ${KEYS.all} leaked`, [KEYS.all]: 'x' }),
		});
		const { items } = await suite.run(getAttributes('bob'));
		expect(items[0].json.attributes).toEqual({ note: 'key *** leaked', '***': 'x' });
	});

	it("names the user on a 404 and 'sessions or users' on a 403; with continue-on-fail each item is paired", async () => {
		const { items } = await suite.run(getAttributes('={{ $json.user }}'), {
			items: [{ json: { user: 'ghost' } }, { json: { user: 'bob' } }, { json: { user: '..' } }],
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: { error: 'Not found (404): there is no user "ghost" on this server (or the server ID is wrong)' },
				pairedItem: { item: 0 },
			},
			{ json: { userid: 'bob', attributes: { group: 'ops' } }, pairedItem: { item: 1 } },
			{ json: { error: 'User: ".." is not a valid ID' }, pairedItem: { item: 2 } },
		]);
		expect(suite.simulator.requests).toHaveLength(2);

		const refused = await suite.run(getAttributes('alice'), { credentials: suite.credentials({ apiKey: KEYS.none }) });
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'sessions or users' permission on the API key's role (or on the credential's Role ID)",
		);
		const withSessions = await suite.run(getAttributes('alice'), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(withSessions.error).toBeUndefined();
	});

	it('retries a 503 (a read) and takes the Server ID option', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run(getAttributes('alice'));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([503, 200]);
		expect(items[0].json.attributes).toEqual({ group: 'admins', department: 'IT' });

		suite.simulator.clearRecords();
		const elsewhere = await suite.run({ ...getAttributes('alice'), options: { serverId: 'other/server=' } });
		expect(suite.onlyRequest().url).toBe('/servers/other%2Fserver%3D/users/alice/attributes/');
		expect(elsewhere.error?.message).toBe(
			'Not found (404): there is no user "alice" on this server (or the server ID is wrong)',
		);
	});
});
