import type { INodeParameters } from 'n8n-workflow';

import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../simulator';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ENROL_PATH = `${SERVER_PATH}/sessions/qr/enrol`;

/** Width and height from a PNG's IHDR chunk. */
function pngDimensions(png: Buffer) {
	expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Each odd value and how it must look in the query (form encoding: a space is `+`). */
const ODD_VALUES: Array<[string, string]> = [
	['dave/ops', 'dave%2Fops'],
	['zoë', 'zo%C3%AB'],
	['a b', 'a+b'],
	['x?y', 'x%3Fy'],
	['100%', '100%25'],
];

describe('Get Enrolment QR Code (getQrEnrol)', () => {
	const suite = useSuite();
	const enrol = (parameters: INodeParameters = {}): INodeParameters => ({
		operation: 'getQrEnrol',
		nonce: 'enrol-1',
		enrolName: "Alice's phone",
		...parameters,
	});
	const served = (nonce: string) => suite.simulator.pendingEnrolment(SERVER_ID, nonce)!;

	beforeEach(() => suite.simulator.resetWorld());

	it('asks GET …/sessions/qr/enrol?name=…&userid=…&img=png&s=… with no body and emits the PNG as served', async () => {
		const { items, error } = await suite.run(enrol({ enrolUserId: 'alice', qrSize: 120 }));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(ENROL_PATH);
		expect(request.url).toBe(`${ENROL_PATH}?name=Alice%27s+phone&userid=alice&img=png&s=120`);
		expect(request.headers.accept).toBe('application/octet-stream');
		expect(request.headers['x-nonce']).toBe('enrol-1');
		expect(request.headers).not.toHaveProperty('content-type');
		expect(request.body).toBeNull();

		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary!.data;
		expect(binary).toMatchObject({ mimeType: 'image/png', fileName: 'nextauth-enrol-qr.png', fileExtension: 'png' });
		const png = await suite.engine.binaryBuffer(binary);
		expect(png.equals(served('enrol-1').served!)).toBe(true);
		expect(pngDimensions(png)).toEqual({ width: 120, height: 120 });
		expect(item.json).toEqual({ format: 'png', size: 120, bytes: png.length });
		expect(Object.keys(item.json)).toEqual(['format', 'size', 'bytes']);
		// the enrolment is bound to the session of the nonce, with the name and user sent
		expect(served('enrol-1')).toMatchObject({ nonce: 'enrol-1', name: "Alice's phone", userid: 'alice' });
	});

	it('leaves userid out when no User ID is given, and asks the default size of 500 pixels', async () => {
		const { items, error } = await suite.run(enrol());

		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${ENROL_PATH}?name=Alice%27s+phone&img=png&s=500`);
		expect(served('enrol-1')).not.toHaveProperty('userid');
		const png = await suite.engine.binaryBuffer(items[0].binary!.data);
		expect(pngDimensions(png).width).toBe(500);
	});

	it('emits the raw enrol data as octet-stream without img or s, byte for byte, and as base64 enrolqrdata', async () => {
		const { items, error } = await suite.run(
			enrol({ qrFormat: 'raw', qrSize: 300, binaryPropertyName: 'qr', enrolUserId: 'bob' }),
		);

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.url).toBe(`${ENROL_PATH}?name=Alice%27s+phone&userid=bob`);
		expect(request.query).toEqual({ name: "Alice's phone", userid: 'bob' });

		const binary = items[0].binary!.qr;
		expect(items[0].binary).not.toHaveProperty('data');
		expect(binary).toMatchObject({ mimeType: 'application/octet-stream', fileName: 'nextauth-enrol-qr.bin' });
		const raw = await suite.engine.binaryBuffer(binary);
		const { payload } = served('enrol-1');
		// the simulator's payload holds 0x00 and 0xff: read as text anywhere, it would not survive
		expect(payload.includes(0xff)).toBe(true);
		expect(raw.equals(payload)).toBe(true);
		// what an AI agent gets of it: the same bytes, in the json
		expect(items[0].json).toEqual({ format: 'raw', bytes: payload.length, enrolqrdata: payload.toString('base64') });
		expect(Buffer.from(items[0].json.enrolqrdata as string, 'base64').equals(payload)).toBe(true);
	});

	it.each(ODD_VALUES)('sends the account name and user id %p as one query value each', async (value, encoded) => {
		const { items, error } = await suite.run(enrol({ enrolName: value, enrolUserId: value, qrFormat: 'raw' }));

		expect(error).toBeUndefined();
		const request = suite.onlyRequest();
		expect(request.path).toBe(ENROL_PATH);
		expect(request.url).toBe(`${ENROL_PATH}?name=${encoded}&userid=${encoded}`);
		expect(request.query).toEqual({ name: value, userid: value });
		expect(served('enrol-1')).toMatchObject({ name: value, userid: value });
		expect((await suite.engine.binaryBuffer(items[0].binary!.data)).equals(served('enrol-1').payload)).toBe(true);
	});

	it('the scanned code makes an account under the user given, created when new (what Register User would do)', async () => {
		const { error } = await suite.run(enrol({ enrolUserId: 'zoë', qrFormat: 'raw' }));
		expect(error).toBeUndefined();

		const before = Date.now();
		const account = suite.simulator.completeEnrolment(SERVER_ID, 'enrol-1');
		const server = suite.simulator.serverState(SERVER_ID);
		expect(account).toMatchObject({ description: "Alice's phone", userid: 'zoë', blocked: false });
		expect(account.created).toBeGreaterThanOrEqual(before);
		expect(server.users.some((user: { userid: string }) => user.userid === 'zoë')).toBe(true);
		expect(suite.simulator.session(SERVER_ID, 'enrol-1')).toMatchObject({
			loggedin: true,
			userid: 'zoë',
			accountid: account.id,
		});
	});

	it('without a User ID the scanned code makes an unassigned account; a new code replaces the one before', async () => {
		await suite.run(enrol({ enrolName: 'First', qrFormat: 'raw' }));
		await suite.run(enrol({ enrolName: 'Second', qrFormat: 'raw' }));
		expect(served('enrol-1').name).toBe('Second');

		const account = suite.simulator.completeEnrolment(SERVER_ID, 'enrol-1', { description: 'Pixel 9', login: false });
		expect(account).toMatchObject({ description: 'Pixel 9', blocked: false, created: expect.any(Number) });
		expect(account).not.toHaveProperty('userid');
		expect(suite.simulator.session(SERVER_ID, 'enrol-1').loggedin).toBe(false);
		// used up: scanning it again makes nothing
		expect(suite.simulator.pendingEnrolment(SERVER_ID, 'enrol-1')).toBeUndefined();
		expect(() => suite.simulator.completeEnrolment(SERVER_ID, 'enrol-1')).toThrow('no pending enrolment');
	});

	it('trims the account name, and takes numbers from expressions as text', async () => {
		const { error } = await suite.run(
			enrol({ enrolName: '  Work phone  ', enrolUserId: '={{ 42 }}', qrFormat: 'raw' }),
		);
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().query).toEqual({ name: 'Work phone', userid: '42' });
	});

	it.each([
		['an Account Name of spaces', { enrolName: '   ' }, 'Account Name: is required'],
		['an empty Account Name from an expression', { enrolName: '={{ "" }}' }, 'Account Name: is required'],
		[
			'an Account Name with a line break',
			{ enrolName: 'a\nb' },
			'Account Name: must not contain line breaks or other control characters',
		],
		[
			'an Account Name of 5,000 characters',
			{ enrolName: 'x'.repeat(5000) },
			'Account Name: must be at most 4096 characters',
		],
		[
			'a User ID with a tab',
			{ enrolUserId: 'a\tb' },
			'User ID: must not contain line breaks or other control characters',
		],
		[
			'a User ID with a line break from an expression',
			{ enrolUserId: '={{ "bob\\n" }}' },
			'User ID: must not contain line breaks or other control characters',
		],
		[
			'a User ID of spaces',
			{ enrolUserId: '  ' },
			'User ID: must not be only spaces (leave it empty for no user name)',
		],
		['the User ID ".."', { enrolUserId: '..' }, 'User ID: ".." is not a valid ID'],
		['QR size 0', { qrSize: 0 }, 'QR Size: must be a whole number of pixels from 1 to 2000'],
		['QR size 2001', { qrSize: 2001 }, 'QR Size: must be a whole number of pixels from 1 to 2000'],
		['QR size 12.5', { qrSize: 12.5 }, 'QR Size: must be a whole number of pixels from 1 to 2000'],
		[
			'QR size "big" from an expression',
			{ qrSize: '={{ "big" }}' },
			'QR Size: must be a whole number of pixels from 1 to 2000',
		],
		[
			'an empty output field from an expression',
			{ binaryPropertyName: '={{ "" }}' },
			'Put Output File in Field: is required',
		],
		[
			'a nonce with a line break',
			{ nonce: 'n\r\nX-Evil: 1' },
			'Nonce: must not contain line breaks or other control characters',
		],
	])('refuses %s before sending anything', async (_, parameters, message) => {
		const { error } = await suite.run(enrol(parameters as INodeParameters));
		expect(error?.message).toBe(message);
		expect(suite.simulator.requests).toEqual([]);
	});

	it("names the 'sessions' permission on a 403", async () => {
		const { error } = await suite.run(enrol(), { credentials: suite.credentials({ apiKey: KEYS.users }) });
		expect(error?.message).toBe(
			"Permission denied (403): this call needs the 'sessions' permission on the API key's role (or on the credential's Role ID)",
		);
		expect(suite.simulator.enrolments.size).toBe(0);
	});

	it('with continue-on-fail, a refused item is one error item among the others, in order and paired', async () => {
		const names = ['Phone 1', '', 'Phone 3'];
		const items = names.map((name, index) => ({ json: { name, nonce: `enrol-item-${index}` } }));
		const { items: output, error } = await suite.run(
			enrol({ nonce: '={{ $json.nonce }}', enrolName: '={{ $json.name }}', qrFormat: 'raw' }),
			{ items, continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json).toEqual({ error: 'Account Name: is required' });
		expect(suite.simulator.requests.map((request) => request.query.name).sort()).toEqual(['Phone 1', 'Phone 3']);
		for (const index of [0, 2]) {
			const raw = await suite.engine.binaryBuffer(output[index].binary!.data);
			expect(raw.equals(served(`enrol-item-${index}`).payload)).toBe(true);
			expect(served(`enrol-item-${index}`).name).toBe(names[index]);
		}
	});

	it('is read again after a 503 (a GET: asking twice shows the same code)', async () => {
		suite.simulator.failNext(1, { status: 503, headers: { 'retry-after': '0' } });
		const { items, error } = await suite.run(enrol({ qrFormat: 'raw' }));
		expect(error).toBeUndefined();
		expect(suite.simulator.requests.map((request) => request.status)).toEqual([503, 200]);
		expect((await suite.engine.binaryBuffer(items[0].binary!.data)).equals(served('enrol-1').payload)).toBe(true);
	});
});
