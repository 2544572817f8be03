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
		expect(suite.simulator.requests.map((request) => request.headers['accept-encoding'])).toEqual([
			'identity',
			'identity',
			'identity',
		]);
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
		suite.simulator.failNext(1, {
			status: 400,
			body: zlib.gzipSync('{"message":"bad nonce"}'),
			headers: { 'content-encoding': 'gzip' },
		});
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe('The nextAuth API rejected the request as invalid (400)');
		expect(error?.description).toBe('bad nonce');
	});

	it('stores the decoded PNG, not the gzip bytes, as the login QR code', async () => {
		const plain = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrSize: 100 });
		const png = await suite.engine.binaryBuffer(plain.items[0].binary!.data);

		suite.simulator.failNext(1, {
			status: 200,
			contentType: 'application/octet-stream',
			body: zlib.gzipSync(png),
			headers: { 'content-encoding': 'gzip' },
		});
		const { items, error } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrSize: 100 });
		expect(error).toBeUndefined();
		expect(await suite.engine.binaryBuffer(items[0].binary!.data)).toEqual(png);
		expect(items[0].json.bytes).toBe(png.length);
	});

	it('stores the decoded raw QR data as file and loginqrdata', async () => {
		const payload = Buffer.from('nextauth:raw-qr-payload');
		suite.simulator.failNext(1, {
			status: 200,
			contentType: 'application/octet-stream',
			body: zlib.gzipSync(payload),
			headers: { 'content-encoding': 'gzip' },
		});
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
		suite.simulator.failNext(1, {
			status: 200,
			contentType: 'application/octet-stream',
			body: bomb,
			headers: { 'content-encoding': 'gzip, gzip' },
		});
		const { error, items } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		expect(error?.message).toBe(TOO_BIG_SENTENCE(2, suite.simulator.baseUrl));
		expect(items).toEqual([]);
	});

	it.each([
		['an encoding it cannot decode', 'x-snappy', Buffer.from('whatever'), 'an encoding this node cannot decode'],
		['gzip bytes that are not gzip', 'gzip', Buffer.from('not gzip at all'), 'it could not be decoded'],
		['gzip cut short', 'gzip', zlib.gzipSync(Buffer.alloc(10_000, 7)).subarray(0, 40), 'it could not be decoded'],
	])('refuses %s, and stores no QR code', async (_, encoding, body, why) => {
		suite.simulator.failNext(1, {
			status: 200,
			contentType: 'application/octet-stream',
			body,
			headers: { 'content-encoding': encoding },
		});
		const { error, items } = await suite.run({ operation: 'getQrLogin', nonce: 'zip', qrFormat: 'raw' });
		expect(error?.message).toBe(
			`The nextAuth API answered with a body compressed as "${encoding}" although none was asked for, and ${why}: the answer was not used`,
		);
		expect(items).toEqual([]);
	});

	it('names a Content-Encoding it cannot decode as the answer gave it: an API key in it is hidden, not lower-cased', async () => {
		const apiKey = 'Mixed-Case-Key-0123ABCD';
		suite.simulator.failNext(1, { status: 200, body: JSON_BODY, headers: { 'content-encoding': `x-${apiKey}` } });
		const { error } = await suite.run(getSession, { credentials: suite.credentials({ apiKey }) });
		expect(error?.message).toBe(
			'The nextAuth API answered with a body compressed as "x-***" although none was asked for, and an encoding this node cannot decode: the answer was not used',
		);
		expect(JSON.stringify(error).toLowerCase()).not.toContain(apiKey.toLowerCase());
	});

	it("decodes raw deflate (no zlib header), as curl and browsers do, also past zlib's 16 KB output chunks", async () => {
		const session = { ...SESSION, padding: 'p'.repeat(200_000) };
		for (const json of [SESSION, session]) {
			suite.simulator.failNext(1, {
				status: 200,
				body: zlib.deflateRawSync(Buffer.from(JSON.stringify(json))),
				headers: { 'content-encoding': 'deflate' },
			});
			const { items, error } = await suite.run(getSession);
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(json);
		}
	});

	it('decodes gzip followed by bytes that are not gzip (ignored, as browsers do), and two gzip members as one body', async () => {
		const gzip = zlib.gzipSync(JSON_BODY);
		const half = Buffer.from(JSON.stringify(SESSION).slice(0, 20));
		const rest = Buffer.from(JSON.stringify(SESSION).slice(20));
		for (const body of [
			Buffer.concat([gzip, Buffer.from('\r\n')]),
			Buffer.concat([gzip, Buffer.from('trailing garbage from a proxy')]),
			Buffer.concat([gzip, Buffer.from([0x1f, 0x8b, 1, 2])]),
			Buffer.concat([zlib.gzipSync(half), zlib.gzipSync(rest)]),
			Buffer.concat([zlib.gzipSync(half), zlib.gzipSync(rest), Buffer.from('xyz')]),
		]) {
			suite.simulator.failNext(1, { status: 200, body, headers: { 'content-encoding': 'gzip' } });
			const { items, error } = await suite.run(getSession);
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(SESSION);
		}
	});

	it.each([
		['raw deflate cut short', 'deflate', zlib.deflateRawSync(Buffer.alloc(10_000, 7)).subarray(0, 10)],
		['raw deflate with a byte changed', 'deflate', Buffer.from([0xff, ...zlib.deflateRawSync(JSON_BODY).subarray(1)])],
		[
			'gzip whose checksum does not match',
			'gzip',
			Buffer.concat([zlib.gzipSync(JSON_BODY).subarray(0, -8), Buffer.alloc(8, 1), Buffer.from('xx')]),
		],
	])('still refuses %s', async (_, encoding, body) => {
		suite.simulator.failNext(1, { status: 200, body, headers: { 'content-encoding': encoding } });
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe(
			`The nextAuth API answered with a body compressed as "${encoding}" although none was asked for, and it could not be decoded: the answer was not used`,
		);
	});

	it.each([
		[429, 'Too many requests (429): the nextAuth API is rate limiting, try again later'],
		[503, 'The nextAuth API had a server error (503), try again later'],
	])(
		'keeps the status, sentence and retry of a %p whose gzip body decodes past the 1 MB cap',
		async (status, sentence) => {
			const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
			const fault = { status, body: bomb, headers: { 'content-encoding': 'gzip', 'retry-after': '0' } };

			// Retried, as any 429 or 503 is: the next answer is the session.
			suite.simulator.failNext(1, fault);
			const retried = await suite.run(getSession);
			expect(retried.error).toBeUndefined();
			expect(retried.items[0].json).toMatchObject({ loggedin: false });
			expect(suite.simulator.requests.map((request) => request.status)).toEqual([status, 200]);

			// Given up after the retries: the status's own sentence, its code, how many retries were made.
			suite.simulator.clearRecords();
			suite.simulator.failNext(2, fault);
			const { error } = await suite.run({ ...getSession, options: { maxRetries: 1 } });
			expect(error?.message).toBe(`${sentence} (gave up after 1 retry)`);
			expect(error?.httpCode).toBe(String(status));
			expect(error?.description ?? undefined).toBeUndefined();
			expect(suite.simulator.requests).toHaveLength(2);
		},
	);

	it.each([
		['announced in Content-Length', true],
		['sent without Content-Length', false],
	])('keeps the status and retry of a 503 whose plain body is larger than 1 MB, %s', async (_, announced) => {
		suite.simulator.failNext(1, {
			kind: 'respond',
			respond: async ({ res }: { res: import('node:http').ServerResponse }) => {
				const headers: Record<string, string> = { 'content-type': 'text/plain', 'retry-after': '0' };
				if (announced) headers['content-length'] = String(10 * 1024 ** 3);
				res.writeHead(503, headers);
				for (let sent = 0; sent < 2 * 1024 ** 2 && !res.destroyed; sent += 64 * 1024) {
					if (!res.write(Buffer.alloc(64 * 1024, 'x'))) await new Promise((resolve) => setTimeout(resolve, 5));
				}
				res.end();
			},
		});
		const { error, items } = await suite.run(getSession);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ loggedin: false });
		expect(suite.simulator.requests.map((request) => request.status)).toEqual(['respond', 200]);
	});

	it('keeps the status of an error whose compressed body cannot be decoded', async () => {
		suite.simulator.failNext(1, { status: 404, body: Buffer.from('garbage'), headers: { 'content-encoding': 'br' } });
		const { error } = await suite.run(getSession);
		expect(error?.message).toBe('Not found (404): check the server ID');
		expect(error?.description ?? undefined).toBeUndefined();
	});
});

describe('compressed answers: edges', () => {
	const suite = useSuite();
	const getSession = { operation: 'getSession', nonce: 'zip' };
	const refused = (named: string, why: string) =>
		`The nextAuth API answered with a body compressed as "${named}" although none was asked for, and ${why}: the answer was not used`;
	const answer = async (body: Buffer, contentEncoding: string) => {
		suite.simulator.failNext(1, { status: 200, body, headers: { 'content-encoding': contentEncoding } });
		return await suite.run(getSession);
	};

	it('decodes raw deflate that ends with the checksum zlib would put after it', async () => {
		const body = zlib.deflateRawSync(JSON_BODY);
		const checksum = zlib.deflateSync(JSON_BODY).subarray(-4);
		const { items, error } = await answer(Buffer.concat([body, checksum]), 'deflate');
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(SESSION);
	});

	it('applies the cap to raw deflate too', async () => {
		const { error } = await answer(zlib.deflateRawSync(Buffer.alloc(5 * 1024 * 1024, 0x20)), 'deflate');
		expect(error?.message).toBe(TOO_BIG_SENTENCE(1, suite.simulator.baseUrl));
	});

	it('applies the cap to gzip members together: each within it, both past it, with bytes after them or not', async () => {
		const member = zlib.gzipSync(Buffer.alloc(700 * 1024, 0x20));
		for (const body of [Buffer.concat([member, member]), Buffer.concat([member, member, Buffer.from('xyz')])]) {
			const { error } = await answer(body, 'gzip');
			expect(error?.message).toBe(TOO_BIG_SENTENCE(1, suite.simulator.baseUrl));
		}
	});

	it('reads a body decoded to exactly the cap (1 MB)', async () => {
		const json = JSON.stringify({ ...SESSION, padding: '' });
		const exact = JSON.stringify({ ...SESSION, padding: 'p'.repeat(1024 * 1024 - json.length) });
		expect(Buffer.byteLength(exact)).toBe(1024 * 1024);
		const { items, error } = await answer(zlib.gzipSync(exact), 'gzip');
		expect(error).toBeUndefined();
		expect(items[0].json.padding).toHaveLength(1024 * 1024 - json.length);
	});

	it('undoes three stacked encodings and refuses four', async () => {
		const three = zlib.gzipSync(zlib.brotliCompressSync(zlib.deflateSync(JSON_BODY)));
		const accepted = await answer(three, 'deflate, br, gzip');
		expect(accepted.error).toBeUndefined();
		expect(accepted.items[0].json).toEqual(SESSION);
		const { error } = await answer(zlib.gzipSync(three), 'deflate, br, gzip, gzip');
		expect(error?.message).toBe(refused('deflate, br, gzip, gzip', 'an encoding this node cannot decode'));
	});

	it('names the whole Content-Encoding, as the answer gave it, when an inner layer is corrupt', async () => {
		const { error } = await answer(zlib.gzipSync(Buffer.from('not brotli')), 'BR, gzip');
		expect(error?.message).toBe(refused('BR, gzip', 'it could not be decoded'));
	});

	it('ignores empty codings and identity in the list', async () => {
		for (const contentEncoding of ['gzip, ', ', gzip', 'identity, gzip', 'gzip, IDENTITY']) {
			const { items, error } = await answer(zlib.gzipSync(JSON_BODY), contentEncoding);
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual(SESSION);
		}
	});

	it('reads a Content-Encoding sent as two header lines as one list', async () => {
		suite.simulator.failNext(1, {
			status: 200,
			body: zlib.gzipSync(zlib.brotliCompressSync(JSON_BODY)),
			headers: { 'content-encoding': ['br', 'gzip'] },
		});
		const { items, error } = await suite.run(getSession);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(SESSION);
	});

	it('looks back at most 16 bytes for the end of a gzip followed by what starts like another gzip header', async () => {
		/** A gzip header with an extra field of `length` bytes, then bytes that are no deflate data. */
		const fakeHeader = (length: number) =>
			Buffer.concat([
				Buffer.from([0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, length, 0]),
				Buffer.alloc(length, 0x41),
				Buffer.alloc(4, 0xff),
			]);
		const near = await answer(Buffer.concat([zlib.gzipSync(JSON_BODY), fakeHeader(0)]), 'gzip');
		expect(near.error).toBeUndefined();
		expect(near.items[0].json).toEqual(SESSION);
		const far = await answer(Buffer.concat([zlib.gzipSync(JSON_BODY), fakeHeader(20)]), 'gzip');
		expect(far.error?.message).toBe(refused('gzip', 'it could not be decoded'));
	});

	it('takes an empty answer labelled as compressed as the empty answer it is', async () => {
		suite.simulator.failNext(1, { status: 200, body: Buffer.alloc(0), headers: { 'content-encoding': 'gzip' } });
		const { items, error } = await suite.run({ operation: 'logout', nonce: 'zip' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
	});
});
