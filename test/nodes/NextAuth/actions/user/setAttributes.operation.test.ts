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
const fields = (...pairs: Array<[unknown, unknown]>) => ({ attribute: pairs.map(([key, value]) => ({ key, value })) });

describe('user: setAttributes', () => {
	const suite = useSuite('nextAuth');
	const server = () => suite.simulator.serverState(SERVER_ID);
	const userIds = () => server().users.map((user: { userid: string }) => user.userid);
	const setAttributes = (userId: string, input: Record<string, unknown>) => ({
		resource: 'user',
		operation: 'setAttributes',
		userId: byId(userId),
		...input,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('POSTs the fields as one JSON object to …/users/{userid}/attributes/ and replaces every attribute', async () => {
		const { items, error } = await suite.run(
			setAttributes('alice', { attributes: fields(['group', 'ops'], ['floor', '3']) }),
		);

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`${SERVER_PATH}/users/alice/attributes/`);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(request.body).toBe('{"group":"ops","floor":"3"}');
		expect(items).toEqual([
			{ json: { success: true, userid: 'alice', attributes: { group: 'ops', floor: '3' } }, pairedItem: { item: 0 } },
		]);
		// Replaced: "department" was not sent, so it is gone.
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'ops', floor: '3' });
	});

	it('creates a user that does not exist yet (By ID), under odd user ids encoded as one path segment', async () => {
		const { items, error } = await suite.run(
			setAttributes('={{ $json.user }}', { attributes: fields(['group', '={{ $json.group }}']) }),
			{ items: ODD_IDS.map(([user], n) => ({ json: { user, group: `g${n}` } })) },
		);

		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.url, request.body])).toEqual(
			ODD_IDS.map(([, encoded], n) => [`${SERVER_PATH}/users/${encoded}/attributes/`, `{"group":"g${n}"}`]),
		);
		expect(items.map((item) => item.json.userid)).toEqual(ODD_IDS.map(([user]) => user));
		expect(userIds()).toEqual(['alice', 'bob', 'carol.smith', 'dave/ops', 'zoë', 'a b', 'x?y', '100%']);
		ODD_IDS.forEach(([user], n) => expect(suite.simulator.userAttributes(SERVER_ID, user)).toEqual({ group: `g${n}` }));
	});

	it('sends odd attribute keys and values as they are, inside the JSON body', async () => {
		const keys = ['dave/ops', 'zoë', 'a b', 'x?y', '100%', '__proto__'];
		const { items, error } = await suite.run(
			setAttributes('bob', { attributes: fields(...keys.map((key): [string, string] => [key, `${key}!\n`])) }),
		);

		expect(error).toBeUndefined();
		const sent = JSON.parse(suite.onlyRequest().body!);
		expect(Object.keys(sent)).toEqual(keys);
		expect(suite.simulator.userAttributes(SERVER_ID, 'bob')).toEqual(sent);
		expect(Object.keys(items[0].json.attributes as object)).toEqual(keys);
	});

	it('takes a JSON object as text or as an object from an expression', async () => {
		const json = await suite.run(
			setAttributes('bob', { attributeInput: 'json', attributesJson: '{\n  "group": "ops",\n  "a b": "x?y"\n}' }),
		);
		expect(json.error).toBeUndefined();
		expect(suite.onlyRequest().body).toBe('{"group":"ops","a b":"x?y"}');

		suite.simulator.clearRecords();
		const fromExpression = await suite.run(
			setAttributes('bob', { attributeInput: 'json', attributesJson: '={{ $json.attrs }}' }),
			{
				items: [{ json: { attrs: { department: 'HR' } } }],
			},
		);
		expect(fromExpression.items[0].json).toEqual({ success: true, userid: 'bob', attributes: { department: 'HR' } });
		expect(suite.simulator.userAttributes(SERVER_ID, 'bob')).toEqual({ department: 'HR' });
	});

	it('with no attributes sends {} and leaves the user with none', async () => {
		const { items } = await suite.run(setAttributes('alice', {}));
		expect(suite.onlyRequest().body).toBe('{}');
		expect(items[0].json).toEqual({ success: true, userid: 'alice', attributes: {} });
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({});
	});

	it('takes a number or true/false from an expression in a field as its text', async () => {
		await suite.run(
			setAttributes('bob', { attributes: fields(['floor', '={{ 3 }}'], ['remote', '={{ true }}'], [7, 'seven']) }),
		);
		// An integer-like key comes first in a JavaScript object, and so in the JSON: order carries no meaning there.
		expect(suite.onlyRequest().body).toBe('{"7":"seven","floor":"3","remote":"true"}');
	});

	it('refuses bad JSON attributes before any request, naming the field and the key', async () => {
		const cases: Array<[string, string]> = [
			[
				'[{"key":"group","value":"ops"}]',
				'Attributes (JSON): must be a JSON object of text values, e.g. {"group": "ops"}, got a list',
			],
			['"ops"', 'Attributes (JSON): must be a JSON object of text values, e.g. {"group": "ops"}, got a string'],
			['null', 'Attributes (JSON): must be a JSON object of text values, e.g. {"group": "ops"}, got null'],
			['{"group": "ops",', 'Attributes (JSON): is not valid JSON'],
			['{"group": "ops", "level": 3}', 'Attributes (JSON) › "level": must be text (a JSON string), got a number'],
			['{"tags": ["a"]}', 'Attributes (JSON) › "tags": must be text (a JSON string), got a list'],
			['{"owner": null}', 'Attributes (JSON) › "owner": must be text (a JSON string), got null'],
			['{"": "x"}', 'Attributes (JSON): an attribute key is empty'],
			['{" ": "x"}', 'Attributes (JSON): an attribute key is empty'],
			[
				'{".": "x"}',
				'Attributes (JSON): the key ".": "." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
			],
			[
				'{"..": "x"}',
				'Attributes (JSON): the key "..": ".." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
			],
			[JSON.stringify({ big: 'x'.repeat(64 * 1024) }), 'Attributes (JSON): must be at most 64 KB as JSON'],
			// Refused before it is parsed: far beyond what pretty-printing can add.
			[`{"big": "${'x'.repeat(300 * 1024)}"}`, 'Attributes (JSON): must be at most 64 KB as JSON'],
		];
		const { items } = await suite.run(
			setAttributes('alice', { attributeInput: 'json', attributesJson: '={{ $json.attrs }}' }),
			{
				items: cases.map(([attrs]) => ({ json: { attrs } })),
				continueOnFail: true,
			},
		);
		expect(items.map((item) => item.json.error)).toEqual(cases.map(([, message]) => message));
		expect(suite.simulator.requests).toEqual([]);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
	});

	it.each([
		[
			'an empty key',
			[
				['group', 'ops'],
				['', 'x'],
			],
			'Attributes › Attribute 2 › Key: is required',
		],
		[
			'a blank key',
			[
				['group', 'ops'],
				['   ', 'x'],
			],
			'Attributes › Attribute 2 › Key: is required',
		],
		[
			'the key "."',
			[['.', 'x']],
			'Attributes › Attribute 1 › Key: "." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
		],
		[
			'a key given twice',
			[
				['group', 'ops'],
				['floor', '3'],
				['group', 'admins'],
			],
			'Attributes: the key "group" is given twice (attributes 1 and 3): give each key once',
		],
		['an object as a value', [['group', '={{ { a: 1 } }}']], 'Attributes › "group": must be text, got an object'],
		[
			'more than 64 KB as JSON (66 KB of two-byte characters)',
			[['zoë', 'é'.repeat(33 * 1024)]],
			'Attributes: must be at most 64 KB as JSON',
		],
	] as Array<[string, Array<[string, string]>, string]>)(
		'refuses %s in the fields before any request',
		async (_, pairs, message) => {
			const { error } = await suite.run(setAttributes('alice', { attributes: fields(...pairs) }));
			expect(error?.message).toBe(message);
			expect(suite.simulator.requests).toEqual([]);
		},
	);

	it('accepts 64 KB of JSON exactly', async () => {
		const filler = 'x'.repeat(64 * 1024 - '{"big":""}'.length);
		const { error } = await suite.run(
			setAttributes('bob', { attributeInput: 'json', attributesJson: JSON.stringify({ big: filler }) }),
		);
		expect(error).toBeUndefined();
		expect(Buffer.byteLength(suite.onlyRequest().body!)).toBe(64 * 1024);
	});

	it('passes a simulator that refuses (400) what a strict API would: other bodies, query keys, a body on GET or DELETE', async () => {
		const url = `${suite.simulator.baseUrl}${SERVER_PATH}/users/alice/attributes/`;
		const send = async (method: string, body?: string, query = '') =>
			(
				await fetch(`${url}${query}`, {
					method,
					headers: { 'x-apikey': KEYS.all, ...(body !== undefined && { 'content-type': 'application/json' }) },
					body,
				})
			).status;
		expect(await send('POST', '[{"key":"group","value":"ops"}]')).toBe(400);
		expect(await send('POST', '{"floor":3}')).toBe(400);
		expect(await send('POST')).toBe(400);
		expect(await send('PUT', '{"group":"ops"}', '?merge=true')).toBe(400);
		expect(await send('GET', undefined, '?format=json')).toBe(400);
		expect(await send('DELETE', '{}')).toBe(400);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
		expect(await send('POST', '{"group":"ops"}')).toBe(200);
	});

	it("names the 'users' permission on a 403 and leaves the attributes as they were", async () => {
		const { error } = await suite.run(setAttributes('alice', { attributes: fields(['group', 'ops']) }), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'users' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(suite.simulator.userAttributes(SERVER_ID, 'alice')).toEqual({ group: 'admins', department: 'IT' });
	});

	it('is sent again after a 503 even when the API had acted: replacing with the same set twice changes nothing', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { items, error } = await suite.run(setAttributes('carol.smith', { attributes: fields(['group', 'ops']) }));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => [request.method, request.status, request.body])).toEqual([
			['POST', 503, '{"group":"ops"}'],
			['POST', 200, '{"group":"ops"}'],
		]);
		expect(items[0].json).toEqual({ success: true, userid: 'carol.smith', attributes: { group: 'ops' } });
		expect(suite.simulator.userAttributes(SERVER_ID, 'carol.smith')).toEqual({ group: 'ops' });
	});

	it('with continue-on-fail, a failed item is an error item in its place', async () => {
		const { items } = await suite.run(
			setAttributes('={{ $json.user }}', { attributeInput: 'json', attributesJson: '={{ $json.attrs }}' }),
			{
				items: [
					{ json: { user: 'bob', attrs: '{"group":"a"}' } },
					{ json: { user: '.', attrs: '{"group":"b"}' } },
					{ json: { user: 'carol.smith', attrs: '{"group":3}' } },
					{ json: { user: 'carol.smith', attrs: '{"group":"c"}' } },
				],
				continueOnFail: true,
			},
		);
		expect(items).toEqual([
			{ json: { success: true, userid: 'bob', attributes: { group: 'a' } }, pairedItem: { item: 0 } },
			{ json: { error: 'User: "." is not a valid ID' }, pairedItem: { item: 1 } },
			{
				json: { error: 'Attributes (JSON) › "group": must be text (a JSON string), got a number' },
				pairedItem: { item: 2 },
			},
			{ json: { success: true, userid: 'carol.smith', attributes: { group: 'c' } }, pairedItem: { item: 3 } },
		]);
		expect(suite.simulator.requests).toHaveLength(2);
	});
});
