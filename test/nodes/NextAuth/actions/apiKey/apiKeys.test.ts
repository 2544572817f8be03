import { useSuite } from '../../../../harness/suite';
import { KEYS } from '../../../../simulator';

describe('apiKey: getAll, create', () => {
	const suite = useSuite('nextAuth');
	const apiKey = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'apiKey',
		operation,
		...extra,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('Get Many sends GET /apikeys/ (no server in the path) and masks every key: … and its last 4 characters', async () => {
		const { items, error } = await suite.run(apiKey('getAll'));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/apikeys/');
		expect(request.headers['x-apikey']).toBe(KEYS.all);
		expect(items.length).toBeGreaterThan(0);
		const listed = items.map((item) => item.json);
		expect(
			listed.find((key) => key.description !== undefined && key.apikey === `…${KEYS.sessions.slice(-4)}`),
		).toBeDefined();
		for (const key of listed) {
			expect(key.apikey).toMatch(/^….{0,4}$/u);
			expect(Object.keys(key).sort()).toEqual(['apikey', 'description', 'role']);
		}
		expect(JSON.stringify(listed)).not.toContain(KEYS.sessions);
	});

	it('masks a key the API gives as something other than text: `…` alone', async () => {
		suite.simulator.failNext(1, {
			status: 200,
			body: JSON.stringify({
				apikeys: [{ apikey: ['sim-key-in-a-list'], description: 'd', role: 'r' }, { apikey: 12345678901 }],
			}),
		});
		const { items } = await suite.run(apiKey('getAll'));
		expect(items.map((item) => item.json.apikey)).toEqual(['…', '…']);
	});

	it('Show Full Keys outputs the keys as the API gives them', async () => {
		const { items } = await suite.run(apiKey('getAll', { showKeys: true }));
		expect(items.map((item) => item.json.apikey)).toContain(KEYS.sessions);
	});

	it('Create sends POST /apikeys/?description=… with no body and shows the new key once, in full; Get Many then lists it masked', async () => {
		const { items, error } = await suite.run(apiKey('create', { description: 'Nightly clean-up & more' }));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/apikeys/?description=Nightly+clean-up+%26+more');
		expect(request.body).toBeNull();
		expect(request.headers).not.toHaveProperty('content-type');
		const created = items[0].json;
		expect(created).toEqual({
			apikey: expect.any(String),
			description: 'Nightly clean-up & more',
			role: expect.any(String),
		});
		const newKey = created.apikey as string;
		expect(newKey.length).toBeGreaterThan(8);

		const list = await suite.run(apiKey('getAll'));
		const entry = list.items.find((item) => item.json.role === created.role);
		expect(entry?.json).toEqual({
			apikey: `…${[...newKey].slice(-4).join('')}`,
			description: 'Nightly clean-up & more',
			role: created.role,
		});
		expect(JSON.stringify(list.items)).not.toContain(newKey);
	});

	it('a Create answered 503 after the API made the key is not sent again, and its error shows no key', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(apiKey('create', { description: 'once' }));
		expect(suite.simulator.requests).toHaveLength(1);
		expect(error?.message).toContain('not sent again: the API may already have created the key');
	});

	it('refuses an empty description before any request, and names the global servers permission on a 403', async () => {
		const empty = await suite.run(apiKey('create', { description: '  ' }));
		expect(empty.error?.message).toBe('Description: is required');
		expect(suite.simulator.requests).toHaveLength(0);

		const refused = await suite.run(apiKey('getAll'), { credentials: suite.credentials({ apiKey: KEYS.servers }) });
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'global servers' permission on the API key's role (or on the credential's Role ID)",
		);
	});
});
