import { KEYS, SERVER_ID } from '../../../simulator';
import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { redactorFor } from '../../../../nodes/shared/transport/redaction';

/** A key with `/`, `+` and `=`: JSON may write its `/` as `\/`, URLs encode all three. */
const KEY = 'KEY-abc/def+ghi==SECRET';
/** How PHP's json_encode writes it by default. */
const KEY_SLASH_ESCAPED = 'KEY-abc\\/def+ghi==SECRET';
/** Every character as a \u00XX escape, as some encoders write any text. */
const KEY_UNICODE_ESCAPED = [...KEY].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Every spelling of the key in `text`: none may be left, in any form a reader could decode. */
function expectNoKey(text: string) {
	for (const form of [KEY, 'SECRET', encodeURIComponent(KEY), base64(KEY).slice(0, 20), base64url(KEY).slice(0, 20)]) {
		expect(text).not.toContain(form);
	}
}

describe('redactor (pure)', () => {
	const redact = redactorFor({ apiKey: KEY, roleId: 'admin' });

	it.each([
		['as written', `x ${KEY} y`],
		['JSON-escaped /', `x ${KEY_SLASH_ESCAPED} y`],
		['every character as \\u00XX', `x ${KEY_UNICODE_ESCAPED} y`],
		['percent-encoded, upper case', `x ${encodeURIComponent(KEY)} y`],
		['percent-encoded, lower case', `x ${encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase())} y`],
		['partly percent-encoded', 'x KEY%2Dabc/def%2bghi==SECRET y'],
		['percent-encoded twice', `x ${encodeURIComponent(encodeURIComponent(KEY))} y`],
		['base64', `x ${base64(KEY)} y`],
		['base64 without padding', `x ${base64(KEY).replace(/=+$/, '')} y`],
		['base64url', `x ${base64url(KEY)} y`],
	])('masks the key %s', (_, text) => {
		expect(redact.text(text)).toBe('x *** y');
	});

	it('masks the key JSON-escaped inside percent-encoding, leaving the quotes around it', () => {
		expect(redact.text(`x ${encodeURIComponent(`"${KEY_SLASH_ESCAPED}"`)} y`)).toBe('x %22***%22 y');
	});

	it.each([0, 1, 2, 3, 4, 5])('masks the key base64-encoded at byte offset %p of a larger blob', (offset) => {
		const blob = Buffer.concat([Buffer.alloc(offset, 7), Buffer.from(KEY), Buffer.from('and more bytes after it')]);
		for (const encoded of [blob.toString('base64'), blob.toString('base64url')]) {
			const redacted = redact.text(`blob: ${encoded}`);
			expect(redacted).toContain('***');
			// What is left are the characters that hold other bytes, and at most two that mix in a few bits of the key.
			expect(redacted.replace('***', '').length).toBeLessThanOrEqual(`blob: ${encoded}`.length - base64(KEY).length + 6);
		}
	});

	it('leaves text without the key as it is, the role id inside it too', () => {
		for (const text of ['admin@corp.com', 'KEY-abc/def+ghi==SECRE', 'a %2F b \\/ c \\u0041 %zz %', '']) {
			expect(redact.text(text)).toBe(text);
		}
	});

	it('masks the key inside strings of parsed JSON, keys included, and a string value equal to the role id', () => {
		const raw = `{"a":"${KEY_SLASH_ESCAPED}","${KEY_UNICODE_ESCAPED}":[1,"x${KEY_SLASH_ESCAPED}y",{"deep":"admin"}],"user":"admin@corp.com","n":1700000000000}`;
		const value = redact.data(JSON.parse(raw), raw);
		expect(value).toEqual({ a: '***', '***': [1, 'x***y', { deep: '***' }], user: 'admin@corp.com', n: 1700000000000 });
		expect(Object.keys(value)).toEqual(['a', '***', 'user', 'n']);
	});

	it('returns a value that mentions neither the key nor the role untouched, without a walk', () => {
		const raw = '{"a":"b","c":[1,2,{"d":"\\u00e9\\/"}]}';
		const parsed = JSON.parse(raw);
		const frozen = Object.freeze(parsed);
		expect(redact.data(frozen, raw)).toBe(frozen);
	});

	it('walks an answer nested 100,000 levels deep without overflowing the stack', () => {
		const raw = `${'['.repeat(100_000)}"${KEY}"${']'.repeat(100_000)}`;
		let value = redact.data(JSON.parse(raw), raw) as unknown;
		for (let depth = 0; depth < 100_000; depth++) value = (value as unknown[])[0];
		expect(value).toBe('***');
	});

	it('redacts no secret shorter than 4 characters (it would blank out ordinary text)', () => {
		const short = redactorFor({ apiKey: 'abc', roleId: 'x' });
		expect(short.text('abc abc')).toBe('abc abc');
		expect(short.data({ role: 'x' }, '{"role":"x"}')).toEqual({ role: 'x' });
	});

	it('keeps a key `__proto__` of an answer an own property when renaming keys', () => {
		const raw = `{"__proto__":{"polluted":true},"${KEY}":1}`;
		const value = redact.data(JSON.parse(raw), raw) as Record<string, unknown>;
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.keys(value)).toEqual(['__proto__', '***']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('redaction: the API key in answers and errors', () => {
	const suite = useSuite();
	const credentials = () => suite.credentials({ apiKey: KEY });
	const getSession = { operation: 'getSession', nonce: 'echo' };

	it('replaces the key a Get Session answer writes with \\/ or \\u00XX escapes (key and value)', async () => {
		const body = `{"loggedin":false,"echo":"${KEY_SLASH_ESCAPED}","unicode":"${KEY_UNICODE_ESCAPED}","${KEY_SLASH_ESCAPED}":"as a key","hsid":"h"}`;
		suite.simulator.failNext(1, { status: 200, body });
		const { error, items, run } = await suite.run(getSession, { credentials: credentials() });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ loggedin: false, echo: '***', unicode: '***', '***': 'as a key', hsid: 'h' });
		expectNoKey(JSON.stringify(run));
	});

	it("replaces the key a 400 error body writes escaped, in the error's message, description and cause", async () => {
		suite.simulator.failNext(1, { status: 400, body: `{"message":"invalid key ${KEY_SLASH_ESCAPED} for ${KEY_UNICODE_ESCAPED}"}` });
		const { error, run } = await suite.run(getSession, { credentials: credentials() });

		expect(error?.message).toBe('The nextAuth API rejected the request as invalid (400)');
		expect(error?.description).toBe('invalid key *** for ***');
		expectNoKey(JSON.stringify(run));
		expectNoKey(JSON.stringify(error));
		expectNoKey(JSON.stringify((error as Error & { cause?: unknown }).cause ?? {}));
	});

	it('replaces every spelling of the key in a plain-text error body', async () => {
		const spellings = [
			KEY_SLASH_ESCAPED,
			encodeURIComponent(KEY).toLowerCase().replace(/key-abc/, 'KEY-abc').replace('secret', 'SECRET'),
			'KEY%2Dabc/def%2bghi==SECRET',
			base64(KEY),
			base64url(KEY).replace(/=+$/, ''),
		];
		suite.simulator.failNext(1, { status: 400, contentType: 'text/plain', body: spellings.join(' | ') });
		const { error, run } = await suite.run(getSession, { credentials: credentials() });

		expect(error?.description).toBe('*** | *** | *** | *** | ***');
		expectNoKey(JSON.stringify(run));
	});

	it('passes data without the key through exactly as sent', async () => {
		const session = { loggedin: false, name: 'Jürgen \\ "quoted" / 100%', url: 'https://x/a%2Fb', float: 0.1, big: 1e300, nested: [{ a: null }] };
		const body = JSON.stringify(session).replace(/\//g, '\\/').replace('ü', '\\u00fc');
		suite.simulator.failNext(1, { status: 200, body });
		const { items } = await suite.run(getSession, { credentials: credentials() });
		expect(items[0].json).toEqual(session);
	});

	it('replaces the key in a sentence of the package that quotes a value the item gave', async () => {
		const { error } = await suite.run({ operation: 'provokeLoginOnUser', nonce: 'n', userId: { __rl: true, mode: 'id', value: KEYS.all } });
		expect(error?.message).toBe('Not found (404): there is no user "***" on this server (or the server ID is wrong)');
		// (The node's parameters, which n8n keeps with the error, are the item's own input.)
		expect(JSON.stringify({ ...error, node: undefined, stack: error?.stack })).not.toContain(KEYS.all);
	});
});

describe('redaction: the role id is an identifier, not a password', () => {
	const suite = useSuite('nextAuth');
	const server = () => suite.simulator.serverState(SERVER_ID);
	const asRole = (roleId: string, permissions: string[]) => {
		server().roles[roleId] = { permissions };
		return suite.credentials({ apiKey: KEYS.root, roleId });
	};

	beforeEach(() => suite.simulator.resetWorld());

	it('role id 1700: account Get Many keeps "created": 1700000000000 (the raw answer was corrupted before)', async () => {
		const { items, error } = await suite.run(
			{ resource: 'account', operation: 'getAll', returnAll: true },
			{ credentials: asRole('1700', ['accounts']) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(server().accounts);
		expect(items[0].json.created).toBe(1700000000000);
	});

	it('role id admin: the user picker offers admin@corp.com, and Push Login to User pushes to that user', async () => {
		server().users.push({ userid: 'admin@corp.com' });
		const credentials = asRole('admin', ['sessions', 'users']);
		const parameters = { operation: 'provokeLoginOnUser', nonce: 'n' };

		const picked = await suite.engine.listSearch('searchUsers', credentials, parameters, 'corp');
		expect(picked.results).toEqual([{ name: 'admin@corp.com', value: 'admin@corp.com' }]);

		suite.simulator.clearRecords();
		const { error, items } = await suite.engine.run({
			node: 'nextAuthSessions',
			credentials,
			parameters: { ...parameters, userId: { __rl: true, mode: 'list', value: picked.results[0].value } },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ success: true });
		expect(suite.onlyRequest().path).toBe(`${SERVER_PATH}/users/admin%40corp.com/provokelogin`);
		expect(suite.simulator.pushes.map((push) => push.target)).toEqual([{ userid: 'admin@corp.com' }]);
	});

	it('role id support: user Get Many gives alice-support as it is', async () => {
		server().users.push({ userid: 'alice-support' });
		const { items, error } = await suite.run(
			{ resource: 'user', operation: 'getAll', returnAll: true },
			{ credentials: asRole('support', ['users']) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.userid)).toContain('alice-support');
		expect(items.map((item) => item.json.userid)).not.toContain('alice-***');
	});

	it("does not cut the role id out of the package's own sentences: a user named after it stays named", async () => {
		const { error } = await suite.run(
			{ resource: 'user', operation: 'delete', userId: { __rl: true, mode: 'id', value: 'admin-gone' } },
			{ credentials: asRole('admin', ['users']) },
		);
		expect(error?.message).toBe('Not found (404): there is no user "admin-gone" on this server (or the server ID is wrong)');
	});
});
