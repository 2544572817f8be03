import { SERVER_PATH, useSuite } from '../../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../../simulator';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const OTHER_SERVER = 'other+Server/0002=';

describe('server: getVisualHash', () => {
	const suite = useSuite('nextAuth');
	const getVisualHash = (extra: Record<string, unknown> = {}) => ({
		resource: 'server',
		operation: 'getVisualHash',
		...extra,
	});

	beforeEach(() => suite.simulator.resetWorld());

	it('sends GET /servers/{serverid}/vash (no trailing slash) and outputs the PNG byte for byte, with a json copy', async () => {
		const { items, error } = await suite.run(getVisualHash());

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`${SERVER_PATH}/vash`);
		expect(request.headers.accept).toBe('application/octet-stream');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.headers).not.toHaveProperty('x-nonce');
		expect(request.body).toBeNull();

		const expected = suite.simulator.visualHash(SERVER_ID);
		expect(expected.subarray(0, 8)).toEqual(PNG_SIGNATURE);
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary!.data).toMatchObject({
			mimeType: 'image/png',
			fileName: 'nextauth-server-visual-hash.png',
			fileExtension: 'png',
		});
		const png = await suite.engine.binaryBuffer(item.binary!.data);
		expect(png.equals(expected)).toBe(true);
		// What an AI agent gets of it (agents take json only): the same bytes as base64.
		expect(item.json).toEqual({ bytes: expected.length, visualhash: expected.toString('base64') });
	});

	it('puts the file in the field named, and asks the server the Server ID option names', async () => {
		// A second server with the same keys (resetWorld before each test removes it again).
		(suite.simulator.fixture.servers as Record<string, unknown>)[OTHER_SERVER] = {
			...suite.simulator.serverState(SERVER_ID),
		};
		const { items, error } = await suite.run(
			getVisualHash({ binaryPropertyName: 'vash', options: { serverId: OTHER_SERVER } }),
		);

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe('/servers/other%2BServer%2F0002%3D/vash');
		expect(Object.keys(items[0].binary!)).toEqual(['vash']);
		const png = await suite.engine.binaryBuffer(items[0].binary!.vash);
		expect(png.equals(suite.simulator.visualHash(OTHER_SERVER))).toBe(true);
		expect(png.equals(suite.simulator.visualHash(SERVER_ID))).toBe(false);
	});

	it("says an unknown server on a 404 and names 'sessions or servers' on a 403; with continue-on-fail each item is paired", async () => {
		const { items } = await suite.run(getVisualHash({ options: { serverId: '={{ $json.server }}' } }), {
			items: [{ json: { server: 'no+such/server=' } }, { json: { server: SERVER_ID } }, { json: { server: '..' } }],
			continueOnFail: true,
		});
		expect(items.map((item) => [item.json.error ?? item.json.bytes, item.pairedItem])).toEqual([
			[
				'Not found (404): no server has this server ID (check the Server ID of the credential, or the Server ID option)',
				{ item: 0 },
			],
			[suite.simulator.visualHash(SERVER_ID).length, { item: 1 }],
			['Server ID: ".." is not a valid ID', { item: 2 }],
		]);
		expect(items[1].binary).toHaveProperty('data');
		expect(suite.simulator.requests.map((request) => request.url)).toEqual([
			'/servers/no%2Bsuch%2Fserver%3D/vash',
			`${SERVER_PATH}/vash`,
		]);

		const refused = await suite.run(getVisualHash(), { credentials: suite.credentials({ apiKey: KEYS.users }) });
		expect(refused.error?.message).toBe(
			"Permission denied (403): this call needs the 'sessions or servers' permission on the API key's role (or on the credential's Role ID)",
		);
		const withSessions = await suite.run(getVisualHash(), {
			credentials: suite.credentials({ apiKey: KEYS.sessions }),
		});
		expect(withSessions.error).toBeUndefined();
	});

	it('refuses an answer that is not a PNG instead of labelling it image/png', async () => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: 'OK' });
		const { error } = await suite.run(getVisualHash());
		expect(error?.message).toBe('The nextAuth API answered the visual hash with 2 bytes that are not a PNG image');
	});

	it('reads a visual hash up to the QR cap of 2 MB and refuses a larger one', async () => {
		suite.simulator.failNext(1, { kind: 'huge', bytes: 3 * 1024 ** 2 });
		const { error } = await suite.run(getVisualHash());
		expect(error?.message).toMatch(/was larger than 2 MB, the most this call reads/);
	});

	it('retries a 503 (a read), then outputs the PNG', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run(getVisualHash());
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([503, 200]);
		expect(items[0].json.bytes).toBe(suite.simulator.visualHash(SERVER_ID).length);
	});

	it('passes a simulator that refuses (400) a query key or a body on the vash call', async () => {
		const url = `${suite.simulator.baseUrl}${SERVER_PATH}/vash`;
		expect((await fetch(`${url}?s=100`, { headers: { 'x-apikey': KEYS.all } })).status).toBe(400);
		expect((await fetch(`${url}/`, { headers: { 'x-apikey': KEYS.all } })).status).toBe(404);
		expect((await fetch(url, { headers: { 'x-apikey': KEYS.all } })).status).toBe(200);
	});

	it('refuses an empty output field name before any request', async () => {
		const { error } = await suite.run(getVisualHash({ binaryPropertyName: ' ' }));
		expect(error?.message).toBe('Put Output File in Field: is required');
		expect(suite.simulator.requests).toEqual([]);
	});
});
