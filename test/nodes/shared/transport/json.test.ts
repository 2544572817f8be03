import { parseJson } from '../../../../nodes/shared/transport/json';
import { SERVER_PATH, useSuite } from '../../../harness/suite';

const BIG_ID = '9007199254740993'; // 2^53 + 1: as a number it becomes 9007199254740992

describe('parseJson (pure)', () => {
	it('skips a UTF-8 byte-order mark', () => {
		expect(parseJson('\ufeff{"a":1}')).toEqual({ a: 1 });
	});

	it('keeps integers beyond 2^53 as their digits, wherever a value may stand', () => {
		const text = `[${BIG_ID},-${BIG_ID},{"id":${BIG_ID}},{"a":[ ${BIG_ID} ]},\n18446744073709551615]`;
		expect(parseJson(text)).toEqual([BIG_ID, `-${BIG_ID}`, { id: BIG_ID }, { a: [BIG_ID] }, '18446744073709551615']);
		expect(parseJson(BIG_ID)).toBe(BIG_ID);
		expect(parseJson(`-${BIG_ID}`)).toBe(`-${BIG_ID}`);
		expect(parseJson(` ${BIG_ID} `)).toBe(BIG_ID);
	});

	it('leaves safe integers, fractions and exponents numbers', () => {
		expect(
			parseJson(
				'[9007199254740991,1700000000000,12345678901234567.5,1e400,12345678901234567e2,12345678901234567E2,-0.5]',
			),
		).toEqual([
			9007199254740991,
			1700000000000,
			12345678901234567.5,
			Infinity,
			12345678901234567e2,
			12345678901234567e2,
			-0.5,
		]);
	});

	it('leaves digits inside strings alone, escaped quotes and backslashes before them included', () => {
		const text = `{"a":"x: ${BIG_ID}","b":"q\\" ${BIG_ID}","c":"\\\\","d":${BIG_ID},"e":"[${BIG_ID}"}`;
		expect(parseJson(text)).toEqual({ a: `x: ${BIG_ID}`, b: `q" ${BIG_ID}`, c: '\\', d: BIG_ID, e: `[${BIG_ID}` });
	});

	it('still refuses what is not JSON (a leading zero is no number)', () => {
		expect(() => parseJson('[00000000000000001234]')).toThrow(SyntaxError);
		expect(() => parseJson('{"a": 9007199254740993')).toThrow(SyntaxError);
	});

	it('reads a page of 10,000 big ids in one pass', () => {
		const text = `{"accounts":[${Array.from({ length: 10_000 }, (_, n) => `{"id":${9007199254740993n + BigInt(n)},"d":"x"}`).join(',')}]}`;
		const started = Date.now();
		const { accounts } = parseJson(text) as { accounts: Array<{ id: string }> };
		expect(Date.now() - started).toBeLessThan(1000);
		expect(accounts[9999].id).toBe(String(9007199254740993n + 9999n));
	});
});

describe('answers read exactly: byte-order mark, large ids', () => {
	const suite = useSuite('nextAuth');
	const account = `{"id":${BIG_ID},"description":"Big","userid":"alice","blocked":false,"created":1700000000000}`;

	beforeEach(() => suite.simulator.resetWorld());

	it('accepts a login status that starts with a UTF-8 byte-order mark', async () => {
		suite.simulator.failNext(1, { status: 200, body: `\ufeff{"loggedin":false,"canprovoke":false}` });
		const { items, error } = await suite.engine.run({
			node: 'nextAuthSessions',
			parameters: { operation: 'getSession', nonce: 'bom' },
			credentials: suite.credentials(),
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ loggedin: false, canprovoke: false });
	});

	it('account Get: an id beyond 2^53 stays exact, as its digits', async () => {
		suite.simulator.failNext(1, { status: 200, body: account });
		const { items, error } = await suite.run({
			resource: 'account',
			operation: 'get',
			accountId: { __rl: true, mode: 'id', value: BIG_ID },
		});
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/accounts/${BIG_ID}/`);
		expect(items[0].json).toEqual({
			id: BIG_ID,
			description: 'Big',
			userid: 'alice',
			blocked: false,
			created: 1700000000000,
		});
	});

	it('account Get Many: an id beyond 2^53 stays exact, the others stay numbers', async () => {
		suite.simulator.failNext(1, { status: 200, body: `{"accounts":[{"id":1},${account}],"totalnumber":2}` });
		const { items, error } = await suite.run({ resource: 'account', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.id)).toEqual([1, BIG_ID]);
	});

	it('the account picker offers the exact id, and the picked id reaches the API unchanged', async () => {
		suite.simulator.failNext(1, { status: 200, body: `{"accounts":[${account}],"totalnumber":1}` });
		const picked = await suite.engine.listSearch(
			'searchAccounts',
			suite.credentials(),
			{ resource: 'account', operation: 'block' },
			undefined,
			undefined,
			'nextAuth',
		);
		expect(picked.results).toEqual([{ name: `Big (alice) · #${BIG_ID}`, value: BIG_ID }]);

		suite.simulator.clearRecords();
		suite.simulator.failNext(1, { status: 200, body: account.replace('false', 'true') });
		const { items, error } = await suite.run({
			resource: 'account',
			operation: 'block',
			accountId: { __rl: true, mode: 'list', value: picked.results[0].value },
		});
		expect(error).toBeUndefined();
		expect(suite.onlyRequest().url).toBe(`${SERVER_PATH}/accounts/${BIG_ID}/?blocked=true`);
		expect(items[0].json.id).toBe(BIG_ID);
	});

	it.each(['12.5', '18446744073709551616', '123456789012345678901'])(
		'still refuses the account id %p (from an expression), naming the field, before sending',
		async (value) => {
			const { error } = await suite.run({
				resource: 'account',
				operation: 'get',
				accountId: { __rl: true, mode: 'id', value: `={{ "${value}" }}` },
			});
			expect(error?.message).toBe(`Account: must be a whole number of 0 or more, got "${value}"`);
			expect(suite.simulator.requests).toEqual([]);
		},
	);
});
