import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

const READ_ONLY = ['serverid', 'serverpk', 'owner', 'wsurl', 'accountCount', 'lastLogin'];

describe('server: get, getAll, create, update', () => {
	const suite = useSuite('nextAuth');
	const server = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'server',
		operation,
		...extra,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('Get sends GET /servers/{serverid}/ (trailing slash) and outputs the Server as the API gives it', async () => {
		const { items, error } = await suite.run(server('get'));
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/`);
		expect(request.body).toBeNull();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			serverid: SERVER_ID,
			serverName: 'Simulated server',
			pinTimeout: 5,
			pingTime: 60,
		});
		// The owner is a role id: data asked for, passed unchanged.
		expect(items[0].json.owner).toBe('role-root');
	});

	it('Get Many pages GET /servers/?limit=&marker= (no server in the path) and outputs one item per server', async () => {
		await suite.run(server('create', { serverName: 'Second' }));
		suite.simulator.clearRecords();
		suite.simulator.maxPageSize = 1;
		const { items, error } = await suite.run(server('getAll', { returnAll: true }));
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.serverName)).toEqual(['Simulated server', 'Second']);
		expect(suite.simulator.requests.map((request) => request.url)).toEqual([
			'/servers/?limit=500&marker=0',
			'/servers/?limit=500&marker=1',
		]);
	});

	it('Create sends POST /servers/ with the name and only the fields given (0 and -1 are values, empty text is not sent)', async () => {
		const { items, error } = await suite.run(
			server('create', {
				serverName: 'Intranet',
				serverFields: {
					pinTimeout: -1,
					pinTransTimeout: 0,
					pingTime: 30,
					serverFlags: ' nopin, ,noprovoke',
					appname: '',
					siteurl: 'https://intranet.example',
				},
			}),
		);
		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/servers/');
		expect(JSON.parse(request.body!)).toEqual({
			serverName: 'Intranet',
			pinTimeout: -1,
			pinTransTimeout: 0,
			pingTime: 30,
			serverFlags: ['nopin', 'noprovoke'],
			siteurl: 'https://intranet.example',
		});
		const created = items[0].json;
		expect(created).toMatchObject({ serverName: 'Intranet', pinTimeout: -1, serverFlags: ['nopin', 'noprovoke'] });
		expect(typeof created.serverid).toBe('string');

		const read = await suite.run(server('get', { options: { serverId: created.serverid } }));
		expect(read.items[0].json).toMatchObject({ serverid: created.serverid, serverName: 'Intranet' });
	});

	it('Update reads the Server, then PUTs it whole with the fields given changed; read-only fields go back unchanged', async () => {
		const before = (await suite.run(server('get'))).items[0].json;
		suite.simulator.clearRecords();
		const { items, error } = await suite.run(
			server('update', { updateFields: { pinTimeout: 0, serverName: 'Renamed', serverFlags: '={{ [] }}' } }),
		);
		expect(error).toBeUndefined();
		const [read, write] = suite.simulator.requests;
		expect(suite.simulator.requests).toHaveLength(2);
		expect([read.method, read.url]).toEqual(['GET', `${SERVER_PATH}/`]);
		expect([write.method, write.url]).toEqual(['PUT', `${SERVER_PATH}/`]);
		const sent = JSON.parse(write.body!);
		expect(sent).toEqual({ ...before, pinTimeout: 0, serverName: 'Renamed', serverFlags: [] });
		for (const field of READ_ONLY) expect(sent[field]).toEqual(before[field]);
		expect(items[0].json).toMatchObject({ serverName: 'Renamed', pinTimeout: 0, serverFlags: [] });
	});

	it('Update refuses a Server whose settings hold the API key: it would go into the request, or the setting become ***', async () => {
		const settings = suite.simulator.serverState(SERVER_ID).settings as Record<string, unknown>;
		settings.appname = `app of ${KEYS.all}`;
		const { error } = await suite.run(server('update', { updateFields: { pingTime: 5 } }));
		expect(error?.message).toBe(
			"The server's settings as read hold the credential's API key: Update Server does not send them back (the key would go into the request, or the setting be replaced by ***). Change that setting another way first",
		);
		expect(suite.simulator.requests.map((request) => request.method)).toEqual(['GET']);
		expect(settings.appname).toBe(`app of ${KEYS.all}`);
		expect(error?.message).not.toContain(KEYS.all);
	});

	it('refuses bad fields before any request, naming the field; N items in, N out', async () => {
		const { items } = await suite.run(server('create', { serverName: '={{ $json.name }}' }), {
			items: [{ json: { name: '' } }, { json: { name: 'line\nbreak' } }, { json: { name: 'ok' } }],
			continueOnFail: true,
		});
		expect(items.map((item) => item.json.error ?? item.json.serverName)).toEqual([
			'Server Name: is required',
			'Server Name: must not contain line breaks or other control characters',
			'ok',
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		suite.simulator.clearRecords();

		const refusals: Array<[Record<string, unknown>, string]> = [
			[
				{ pinTimeout: -2 },
				'PIN Timeout for Logins (Minutes): must be a whole number from -1 to 525600 minutes, got "-2"',
			],
			[{ pingTime: '={{ 1.5 }}' }, 'Ping Time (Seconds): must be a whole number from 0 to 86400 seconds, got "1.5"'],
			[{ serverFlags: '={{ [1] }}' }, 'Server Flags › 1: must be text'],
			[{ logo: 'not base64!' }, 'Logo (Base64): must be base64-encoded data'],
			[{ appname: '={{ "line\\nbreak" }}' }, 'App Name: must not contain line breaks or other control characters'],
		];
		for (const [serverFields, problem] of refusals) {
			const { error } = await suite.run(server('create', { serverName: 'x', serverFields }));
			expect(error?.message).toBe(`Server Fields › ${problem}`);
		}
		expect(suite.simulator.requests).toHaveLength(0);

		const nothing = await suite.run(server('update', { updateFields: {} }));
		expect(nothing.error?.message).toBe('Update Fields: add at least one field to change');
		expect(suite.simulator.requests).toHaveLength(0);
	});

	it('a Create answered 503 after the API made the server is not sent again', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' }, acted: true });
		const { error } = await suite.run(server('create', { serverName: 'Once' }));
		expect(suite.simulator.requests).toHaveLength(1);
		expect(error?.message).toContain('not sent again: the API may already have created the server');
	});

	it('names the permission each call needs on a 403, and the server on a 404', async () => {
		const create = await suite.run(server('create', { serverName: 'x' }), {
			credentials: suite.credentials({ apiKey: KEYS.servers }),
		});
		expect(create.error?.message).toContain("needs the 'global createserver' permission");
		const update = await suite.run(server('update', { updateFields: { pingTime: 1 } }), {
			credentials: suite.credentials({ apiKey: KEYS.servers }),
		});
		expect(update.error?.message).toContain("needs the 'createserver' permission");
		const get = await suite.run(server('get'), { credentials: suite.credentials({ apiKey: KEYS.sessions }) });
		expect(get.error?.message).toContain("needs the 'servers or createserver' permission");
		const unknown = await suite.run(server('get', { options: { serverId: 'no-such-server' } }));
		expect(unknown.error?.message).toMatch(/^Not found \(404\): no server has this server ID/);
	});
});
