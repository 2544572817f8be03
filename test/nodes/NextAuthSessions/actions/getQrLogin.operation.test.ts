import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { SERVER_ID } from '../../../simulator';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngDimensions(png: Buffer) {
	expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('getQrLogin', () => {
	const suite = useSuite();

	it('asks for a PNG of the requested size and emits it as image/png binary data', async () => {
		const { items, error } = await suite.run({ operation: 'getQrLogin', nonce: 'qr-1', qrSize: 240 });

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${SERVER_PATH}/sessions/qr/login`);
		expect(request.url).toBe(`${SERVER_PATH}/sessions/qr/login?img=png&s=240`);
		expect(request.headers.accept).toBe('application/octet-stream');
		expect(request.headers['x-nonce']).toBe('qr-1');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();

		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary!.data;
		expect(binary).toMatchObject({ mimeType: 'image/png', fileName: 'nextauth-login-qr.png', fileExtension: 'png' });
		const png = await suite.engine.binaryBuffer(binary);
		expect(pngDimensions(png)).toEqual({ width: 240, height: 240 });
		expect(item.json).toEqual({ format: 'png', size: 240, bytes: png.length });
	});

	it('uses the default size of 500 pixels', async () => {
		const { items } = await suite.run({ operation: 'getQrLogin', nonce: 'qr-default' });
		expect(suite.onlyRequest().query).toEqual({ img: 'png', s: '500' });
		const png = await suite.engine.binaryBuffer(items[0].binary!.data);
		expect(pngDimensions(png).width).toBe(500);
	});

	it('emits the raw QR payload as octet-stream without img or s, the bytes getSession shows as loginqrdata', async () => {
		const { items, error } = await suite.run({
			operation: 'getQrLogin',
			nonce: 'qr-raw',
			qrFormat: 'raw',
			qrSize: 300,
			binaryPropertyName: 'qr',
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.url).toBe(`${SERVER_PATH}/sessions/qr/login`);
		expect(request.query).toEqual({});

		const binary = items[0].binary!.qr;
		expect(binary).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'nextauth-login-qr.bin' });
		expect(items[0].binary).not.toHaveProperty('data');
		const raw = await suite.engine.binaryBuffer(binary);
		const { loginqrdata } = suite.simulator.session(SERVER_ID, 'qr-raw');
		expect(raw.toString('base64')).toBe(loginqrdata);
		// what an AI agent gets of it: the same payload, in the json
		expect(items[0].json).toEqual({ format: 'raw', bytes: raw.length, loginqrdata });
	});

	it('sends the user context from fields as a JSON body on the GET, API field names, unset fields left out', async () => {
		const logo = Buffer.from('logo-bytes').toString('base64');
		const { error } = await suite.run({
			operation: 'getQrLogin',
			nonce: 'qr-context',
			sendUserContext: true,
			userContextInput: 'fields',
			announceInfo: { userAgent: 'Mozilla/5.0 test', logo },
			sessionInfo: { ip: '203.0.113.7', info: '{"shop": "Example Store", "order": 42}' },
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({
			announceinfo: { useragent: 'Mozilla/5.0 test', logo },
			sessioninfo: { ip: '203.0.113.7', info: { shop: 'Example Store', order: 42 } },
		});
	});

	it('sends the user context given as JSON, unchanged', async () => {
		const userContext = {
			announceinfo: { ip: '198.51.100.1', info: { reason: 'checkout' } },
			sessioninfo: { useragent: 'curl/8' },
		};
		const { error } = await suite.run({
			operation: 'getQrLogin',
			nonce: 'qr-json',
			sendUserContext: true,
			userContextInput: 'json',
			userContextJson: JSON.stringify(userContext),
		});

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.json).toEqual(userContext);
	});

	it('keeps item json free of Buffer dumps', async () => {
		const { items } = await suite.run({ operation: 'getQrLogin', nonce: 'qr-json-clean' });
		expect(JSON.stringify(items[0].json)).not.toMatch(/"type":"Buffer"/);
		expect(Object.keys(items[0].json)).toEqual(['format', 'size', 'bytes']);
	});

	it.each([
		[0, 'QR Size: must be a whole number of pixels from 1 to 2000'],
		[2001, 'QR Size: must be a whole number of pixels from 1 to 2000'],
		[12.5, 'QR Size: must be a whole number of pixels from 1 to 2000'],
	])('refuses QR size %p before sending anything', async (qrSize, message) => {
		const { error } = await suite.run({ operation: 'getQrLogin', nonce: 'qr-bad', qrSize });
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});
});
