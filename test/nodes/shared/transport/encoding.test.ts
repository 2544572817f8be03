import zlib from 'node:zlib';

import { useSuite } from '../../../harness/suite';

const SESSION = { loggedin: false, canprovoke: false, hsid: 'h' };
const JSON_BODY = Buffer.from(JSON.stringify(SESSION));
const TOO_BIG_SENTENCE = (megabytes: number, baseUrl: string) =>
	`The answer of the nextAuth API at ${baseUrl} was larger than ${megabytes} MB, the most this call reads: it was not read and the connection was closed`;

describe('compressed answers', () => {
	const suite = useSuite();
	const getSession = { operation: 'getSession', nonce: 'zip' };

	it('asks for no compression on every request (Accept-Encoding: identity)', async () => {
		await suite.run(getSession);
		await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		await suite.run({ operation: 'logout', nonce: 'zip' });
		expect(suite.simulator.requests.map((request) => request.headers['accept-encoding'])).toEqual(['identity', 'identity', 'identity']);
	});

	it.each([
		['gzip', zlib.gzipSync(JSON_BODY)],
		['x-gzip', zlib.gzipSync(JSON_BODY)],
		['deflate', zlib.deflateSync(JSON_BODY)],
		['br', zlib.brotliCompressSync(JSON_BODY)],
		['gzip, br', zlib.brotliCompressSync(zlib.gzipSync(JSON_BODY))],
		['GZIP, identity', zlib.gzipSync(JSON_BODY)],
	])('decodes a JSON answer compressed anyway as %p', async (encoding, body) => {
		suite.simulator.failNext(1, { status: 200, body, headers: { 'content-encoding': encoding } });
		const { items, error } = await suite.run(getSession);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(SESSION);
	});

	it('decodes a gzip-compressed error body, for its message', async () => {
		suite.simulator.failNext(1, { status: 400, body: zlib.gzipSync('{"message":"bad nonce"}'), headers: { 'content-encoding': 'gzip' } });
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe('The nextAuth API rejected the request as invalid (400)');
		expect(error?.description).toBe('bad nonce');
	});

	it('stores the decoded PNG, not the gzip bytes, as the login QR code', async () => {
		const plain = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrSize: 100 });
		const png = await suite.engine.binaryBuffer(plain.items[0].binary!.data);

		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: zlib.gzipSync(png), headers: { 'content-encoding': 'gzip' } });
		const { items, error } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrSize: 100 });
		expect(error).toBeUndefined();
		expect(await suite.engine.binaryBuffer(items[0].binary!.data)).toEqual(png);
		expect(items[0].json.bytes).toBe(png.length);
	});

	it('stores the decoded raw QR data as file and loginqrdata', async () => {
		const payload = Buffer.from('nextauth:raw-qr-payload');
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: zlib.gzipSync(payload), headers: { 'content-encoding': 'gzip' } });
		const { items, error } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ format: 'raw', bytes: payload.length, loginqrdata: payload.toString('base64') });
		expect(await suite.engine.binaryBuffer(items[0].binary!.data)).toEqual(payload);
	});

	it('applies the 1 MB cap to the decoded bytes: a small zip bomb is refused', async () => {
		const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
		expect(bomb.length).toBeLessThan(100 * 1024);
		suite.simulator.failNext(1, { status: 200, body: bomb, headers: { 'content-encoding': 'gzip' } });
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe(TOO_BIG_SENTENCE(1, suite.simulator.baseUrl));
	});

	it('applies the 2 MB cap to the decoded QR bytes, stacked encodings included, and stores nothing', async () => {
		const bomb = zlib.gzipSync(zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024)));
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body: bomb, headers: { 'content-encoding': 'gzip, gzip' } });
		const { error, items } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		expect(error?.message).toBe(TOO_BIG_SENTENCE(2, suite.simulator.baseUrl));
		expect(items).toEqual([]);
	});

	it.each([
		['an encoding it cannot decode', 'x-snappy', Buffer.from('whatever'), 'an encoding this node cannot decode'],
		['gzip bytes that are not gzip', 'gzip', Buffer.from('not gzip at all'), 'it could not be decoded'],
		['gzip cut short', 'gzip', zlib.gzipSync(Buffer.alloc(10_000, 7)).subarray(0, 40), 'it could not be decoded'],
	])('refuses %s, and stores no QR code', async (_, encoding, body, why) => {
		suite.simulator.failNext(1, { status: 200, contentType: 'application/octet-stream', body, headers: { 'content-encoding': encoding } });
		const { error, items } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		expect(error?.message).toBe(
			`The nextAuth API answered with a body compressed as "${encoding}" although none was asked for, and ${why}: the answer was not used`,
		);
		expect(items).toEqual([]);
	});

	it('keeps the status of an error whose compressed body cannot be decoded', async () => {
		suite.simulator.failNext(1, { status: 404, body: Buffer.from('garbage'), headers: { 'content-encoding': 'br' } });
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe('Not found (404): check the server ID');
		expect(error?.description ?? undefined).toBeUndefined();
	});
});
