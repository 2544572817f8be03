import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../simulator';

/** The five attribute operations of the server (plain and privileged) and of the tenant (Global). */
const SCOPES = [
	{ name: 'server', resource: 'server', extra: {}, path: `${SERVER_PATH}/attributes/`, names: { serverid: SERVER_ID } },
	{
		name: 'server, privileged',
		resource: 'server',
		extra: { privileged: true },
		path: `${SERVER_PATH}/privilegedattributes/`,
		names: { serverid: SERVER_ID },
	},
	{ name: 'global', resource: 'global', extra: {}, path: '/attributes/', names: {} },
];

describe.each(SCOPES)('attributes of $name', ({ resource, extra, path, names }) => {
	const suite = useSuite('nextAuth');
	const run = async (operation: string, parameters: Record<string, unknown> = {}) =>
		await suite.run({ resource, operation, ...extra, ...parameters });

	beforeEach(() => suite.simulator.resetWorld());

	it('Set replaces (POST), Update merges (PUT), Get reads them back; outputs name the owner', async () => {
		const set = await run('setAttributes', {
			attributes: {
				attribute: [
					{ key: 'team/a', value: 'ops' },
					{ key: 'cost', value: '42' },
				],
			},
		});
		expect(set.error).toBeUndefined();
		const posted = suite.onlyRequest();
		expect([posted.method, posted.url]).toEqual(['POST', path]);
		expect(JSON.parse(posted.body!)).toEqual({ 'team/a': 'ops', cost: '42' });
		expect(set.items[0].json).toEqual({ ...names, attributes: { 'team/a': 'ops', cost: '42' } });

		suite.simulator.clearRecords();
		const update = await run('updateAttributes', { attributeInput: 'json', attributesJson: '{"cost": "43"}' });
		expect(update.error).toBeUndefined();
		expect([suite.onlyRequest().method, suite.onlyRequest().url]).toEqual(['PUT', path]);
		expect(update.items[0].json).toEqual({ ...names, attributes: { cost: '43' } });

		suite.simulator.clearRecords();
		const get = await run('getAttributes');
		expect([suite.onlyRequest().method, suite.onlyRequest().url]).toEqual(['GET', path]);
		expect(get.items[0].json).toEqual({ ...names, attributes: { 'team/a': 'ops', cost: '43' } });
	});

	it('Delete Attribute names an odd key as one path segment; Delete All Attributes empties them', async () => {
		await run('setAttributes', { attributeInput: 'json', attributesJson: '{"a/b c": "1", "d": "2", "e": "3"}' });
		suite.simulator.clearRecords();
		const one = await run('deleteAttribute', { attributeKey: 'a/b c' });
		expect(one.error).toBeUndefined();
		expect([suite.onlyRequest().method, suite.onlyRequest().url]).toEqual(['DELETE', `${path}a%2Fb%20c`]);
		expect(one.items[0].json).toEqual({ ...names, key: 'a/b c', deleted: true });
		expect((await run('getAttributes')).items[0].json.attributes).toEqual({ d: '2', e: '3' });

		suite.simulator.clearRecords();
		const all = await run('deleteAttributes');
		expect([suite.onlyRequest().method, suite.onlyRequest().url]).toEqual(['DELETE', path]);
		expect(all.items[0].json).toEqual({ ...names, deleted: true });
		expect((await run('getAttributes')).items[0].json.attributes).toEqual({});
	});

	it('refuses bad keys and values before any request, naming the field', async () => {
		const { items } = await suite.run(
			{
				resource,
				operation: 'setAttributes',
				...extra,
				attributeInput: 'json',
				attributesJson: '={{ $json.attributes }}',
			},
			{ items: [{ json: { attributes: { '..': 'x' } } }, { json: { attributes: { a: 1 } } }], continueOnFail: true },
		);
		expect(items.map((item) => item.json.error)).toEqual([
			'Attributes (JSON): the key "..": ".." cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")',
			'Attributes (JSON) › "a": must be text (a JSON string), got a number',
		]);
		const key = await run('deleteAttribute', { attributeKey: '.' });
		expect(key.error?.message).toMatch(/^Attribute Key: /);
		expect(suite.simulator.requests).toHaveLength(0);
	});

	it('names the permission the call needs on a 403', async () => {
		const credentials = suite.credentials({
			apiKey: resource === 'server' && !('privileged' in extra) ? KEYS.sessions : KEYS.servers,
		});
		const { error } = await suite.run({ resource, operation: 'getAttributes', ...extra }, { credentials });
		const needed = resource === 'server' && !('privileged' in extra) ? 'servers' : 'global servers';
		expect(error?.message).toBe(
			`Permission denied (403): this call needs the '${needed}' permission on the API key's role (or on the credential's Role ID)`,
		);
	});
});

describe('server attributes: Privileged Attributes', () => {
	const suite = useSuite('nextAuth');
	beforeEach(() => suite.simulator.resetWorld());

	it('keeps the two sets apart, and refuses a Privileged Attributes that is not true or false', async () => {
		await suite.run({
			resource: 'server',
			operation: 'setAttributes',
			privileged: true,
			attributeInput: 'json',
			attributesJson: '{"p": "1"}',
		});
		const plain = await suite.run({ resource: 'server', operation: 'getAttributes' });
		expect(plain.items[0].json.attributes).not.toHaveProperty('p');
		const bad = await suite.run({ resource: 'server', operation: 'getAttributes', privileged: '={{ "yes" }}' });
		expect(bad.error?.message).toBe('Privileged Attributes: must be true or false, got "yes"');
	});
});
