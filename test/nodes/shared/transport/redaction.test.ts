import { redactorFor, type Redact } from '../../../../nodes/shared/transport/redaction';
import { SERVER_PATH, useSuite } from '../../../harness/suite';
import { KEYS, SERVER_ID } from '../../../simulator';

/** A key with `/`, `+` and `=`: JSON may write its `/` as `\/`, URLs encode all three. */
const KEY = 'KEY-abc/def+ghi==SECRET';
/** How PHP's json_encode writes it by default. */
const KEY_SLASH_ESCAPED = 'KEY-abc\\/def+ghi==SECRET';
/** Every character as a \u00XX escape, as some encoders write any text. */
const KEY_UNICODE_ESCAPED = [...KEY].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

const base64 = (text: string) => Buffer.from(text).toString('base64');
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** The key's bytes as hex digits. */
const hex = (text: string) => Buffer.from(text).toString('hex');
/** Every character as an HTML character reference: decimal (`&#47;`) or hex (`&#x2F;`). */
const htmlDecimal = (text: string) => [...text].map((char) => `&#${char.codePointAt(0)};`).join('');
const htmlHex = (text: string) =>
	[...text].map((char) => `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`).join('');

/** HTML character references decoded, independently of the package: the ones the tests write. */
function htmlDecoded(text: string): string {
	const named: Record<string, string> = {
		sol: '/',
		plus: '+',
		equals: '=',
		amp: '&',
		lt: '<',
		gt: '>',
		quot: '"',
		apos: "'",
	};
	return text.replace(
		/&#(\d+);|&#[xX]([0-9a-fA-F]+);|&([a-z]+);/g,
		(reference, decimal?: string, hexadecimal?: string, name?: string) => {
			if (decimal) return String.fromCodePoint(Number(decimal));
			if (hexadecimal) return String.fromCodePoint(parseInt(hexadecimal, 16));
			return name && Object.hasOwn(named, name) ? named[name] : reference;
		},
	);
}

/** Every spelling of the key in `text`: none may be left, in any form a reader could decode. */
function expectNoKey(text: string) {
	for (const decoded of [text, htmlDecoded(text), htmlDecoded(htmlDecoded(text))]) {
		for (const form of [
			KEY,
			'SECRET',
			encodeURIComponent(KEY),
			base64(KEY).slice(0, 20),
			base64url(KEY).slice(0, 20),
		]) {
			expect(decoded).not.toContain(form);
		}
	}
	expect(text.toLowerCase()).not.toContain(hex(KEY));
}

describe('redactor (pure)', () => {
	// Made in each test, not while the file is read: mutation testing switches a mutant on only
	// once the tests start, and a redactor made before would be the unmutated one.
	let redact: Redact;
	beforeEach(() => {
		redact = redactorFor({ apiKey: KEY, roleId: 'admin' });
	});

	it.each([
		['as written', `x ${KEY} y`],
		['JSON-escaped /', `x ${KEY_SLASH_ESCAPED} y`],
		['every character as \\u00XX', `x ${KEY_UNICODE_ESCAPED} y`],
		['percent-encoded, upper case', `x ${encodeURIComponent(KEY)} y`],
		[
			'percent-encoded, lower case',
			`x ${encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase())} y`,
		],
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
			expect(redacted.replace('***', '').length).toBeLessThanOrEqual(
				`blob: ${encoded}`.length - base64(KEY).length + 6,
			);
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

	it('redacts no key shorter than 4 characters (the transport refuses such keys before sending) and no role id that short', () => {
		const short = redactorFor({ apiKey: 'abc', roleId: 'x' });
		expect(short.text('abc abc')).toBe('abc abc');
		expect(short.data({ role: 'x' }, '{"role":"x"}')).toEqual({ role: 'x' });
		expect(short.answerText('x')).toBe('x');
	});

	it.each([
		['HTML decimal references', `x ${htmlDecimal(KEY)} y`],
		['HTML hex references', `x ${htmlHex(KEY)} y`],
		['HTML references for / + =', 'x KEY-abc&#47;def&#43;ghi&#61;&#61;SECRET y'],
		['HTML named references', 'x KEY-abc&sol;def&plus;ghi&equals;&equals;SECRET y'],
		['HTML references without semicolons', 'x KEY-abc&#47def&#x2bghi&#61&#61SECRET y'],
		['HTML-escaped twice (&amp;#47;)', 'x KEY-abc&amp;#47;def&amp;#43;ghi&amp;#61;&amp;#61;SECRET y'],
		['hex, lower case', `x ${hex(KEY)} y`],
		['hex, upper case', `x ${hex(KEY).toUpperCase()} y`],
		['hex inside a longer hex dump', `x 00ff${hex(KEY)}ff00 y`],
		['percent-encoded HTML references', `x ${encodeURIComponent('KEY-abc&#47;def&#43;ghi&#61;&#61;SECRET')} y`],
	])('masks the key written as %s', (_, text) => {
		const redacted = redact.text(text);
		expect(redacted).toMatch(/^x (00ff)?\*\*\*(ff00)? y$/);
		expectNoKey(redacted);
	});

	// A key may hold what looks like another kind of escape (`%41`, `\\u0041`, `&sol;`): undoing that
	// kind first would change the key itself, so each kind is also undone without the others.
	it.each([
		[
			'HTML-escaped, the key holding %41 and \\u0041',
			'K%41x\\u0041/&lt;<"SECRET',
			(key: string) => key.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'),
		],
		[
			'partly percent-encoded, the key holding \\/ and &sol;',
			'yz$o\\/jPRNT&sol;t+=]L',
			(key: string) => key.replace(/;/g, '%3B').replace(/=/g, '%3D'),
		],
		['percent-encoded, the key holding \\u0041', 'K-\\u0041-SECRET-abc', (key: string) => encodeURIComponent(key)],
	])('masks the key %s', (_, key, spell) => {
		expect(redactorFor({ apiKey: key, roleId: '' }).text(`x ${spell(key)} y`)).toBe('x *** y');
	});

	it('masks a key ending in a backslash, percent-encoded and partly HTML-escaped in a JSON string (the raw answer is read in every order)', () => {
		const key = "2'x%%jaET)x\\";
		const spelled = [...Buffer.from(key)]
			.map((byte, index) => `${index % 2 === 0 ? '&percnt;' : '%'}${byte.toString(16).toUpperCase()}`)
			.join('');
		const raw = JSON.stringify({ note: spelled, other: 'x' });
		expect(redactorFor({ apiKey: key, roleId: '' }).data(JSON.parse(raw), raw)).toEqual({ note: '***', other: 'x' });
	});

	it('leaves HTML references and hex that do not spell the key as they are', () => {
		for (const text of [
			'a &amp; b &lt;p&gt; &#47; &#x2F; &unknown; &#99999999; &#xD800;',
			hex('KEY-abc/def+ghi==SECRE'),
			'&#75;EY-abc',
		]) {
			expect(redact.text(text)).toBe(text);
		}
	});

	it('masks the key with every character percent-encoded, in one run of bytes', () => {
		const spelled = [...Buffer.from(KEY)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
		expect(redact.text(`x ${spelled} y`)).toBe('x *** y');
	});

	it.each([
		['with `"` escaped as `\\"`', 'KEY-"quoted"-SECRET', (key: string) => key.replace(/"/g, '\\"')],
		[
			'holding `\\u0041`, its backslash escaped (`\\\\u0041`)',
			'Ka\\u0041bc-SECRET',
			(key: string) => key.replace(/\\/g, '\\\\'),
		],
		['holding `\\/`, JSON-escaped', 'KEY\\/abc-SECRET', (key: string) => JSON.stringify(key).slice(1, -1)],
		[
			'with its printable characters as upper-case \\u00XX escapes',
			'KEY-abc/def+ghi==SECRET',
			(key: string) =>
				[...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`).join(''),
		],
		['holding é, written \\u00e9', 'KEY-café-SECRET', (key: string) => key.replace('é', '\\u00e9')],
		['holding é, written \\u00E9', 'KEY-café-SECRET', (key: string) => key.replace('é', '\\u00E9')],
		[
			'holding an emoji, written as two \\u escapes',
			'KEY-😀-SECRET',
			(key: string) => key.replace('😀', '\\ud83d\\ude00'),
		],
		['holding a tab, written \\u0009', 'KEY-\tTAB-SECRET', (key: string) => key.replace('\t', '\\u0009')],
		['holding DEL, written \\u007f', 'KEY-\u007fDEL-SECRET', (key: string) => key.replace('\u007f', '\\u007f')],
		['holding a space, written \\u0020', 'KEY- SPACE-SECRET', (key: string) => key.replace(' ', '\\u0020')],
		['holding @, written &commat;', 'KEY-me@corp-SECRET', (key: string) => key.replace('@', '&commat;')],
		[
			'holding `,` and `@`, written &comma; and &commat; (the longer name read first)',
			'KEY-a,b@c-SECRET',
			(key: string) => key.replace(',', '&comma;').replace('@', '&commat;'),
		],
		[
			'holding {}, written &lcub; &rcub;',
			'KEY-{x}-SECRET',
			(key: string) => key.replace('{', '&lcub;').replace('}', '&rcub;'),
		],
		[
			'percent-encoded, its `%` written &percnt;',
			'KEY-abc/def-SECRET',
			(key: string) =>
				[...Buffer.from(key)].map((byte) => `&percnt;${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
		],
	])('masks a key %s', (_, key, spell) => {
		expect(redactorFor({ apiKey: key, roleId: '' }).text(`x ${spell(key)} y`)).toBe('x *** y');
	});

	it('masks only the key where it ends inside a character reference left as written', () => {
		// `&#0;` names no character and stays as written: the mask covers the key, not the whole reference.
		// (`&amp;` makes the text one with references to undo.)
		expect(redactorFor({ apiKey: 'abc&#0', roleId: '' }).text('x &amp; abc&#0; y')).toBe('x &amp; ***; y');
	});

	it('keeps a key `__proto__` of an answer an own property when renaming keys', () => {
		const raw = `{"__proto__":{"polluted":true},"${KEY}":1}`;
		const value = redact.data(JSON.parse(raw), raw) as Record<string, unknown>;
		expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
		expect(Object.keys(value)).toEqual(['__proto__', '***']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

/** Percent-encodes every byte of `bytes` (upper case), as one run. */
const percentBytes = (bytes: number[]) =>
	bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** A redactor made in the test that calls it (see "redactor (pure)" above). */
const make = (apiKey: string, roleId = '') => redactorFor({ apiKey, roleId });

describe('redactor (pure): bounds of each decoding', () => {
	it.each([
		['2 bytes, the lowest', '\u0080'],
		['2 bytes, the highest', '\u07ff'],
		['3 bytes, the lowest', '\u0800'],
		['3 bytes, below the surrogates', '\ud7ff'],
		['3 bytes, above the surrogates', '\ue000'],
		['3 bytes, the highest', '\uffff'],
		['4 bytes, the lowest', '\u{10000}'],
		['4 bytes, the highest', '\u{10ffff}'],
	])('masks a key holding a character of %s, percent-encoded (long key, short key)', (_, char) => {
		for (const key of [`KEY-${char}-0123456789abcdef`, `ab${char}cd`]) {
			expect(make(key).text(`x ${encodeURIComponent(key)} y`)).toBe('x *** y');
			const lowerCase = encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase());
			expect(make(key).text(`x ${lowerCase} y`)).toBe('x *** y');
		}
	});

	it.each([
		['an overlong 2-byte A', [0xc1, 0x81], 'A'],
		['an overlong 3-byte A', [0xe0, 0x81, 0x81], 'A'],
		['an overlong 4-byte A', [0xf0, 0x80, 0x81, 0x81], 'A'],
		['a lead byte followed by no continuation', [0xc3, 0x41], '\u00c1'],
		['a continuation byte as a lead', [0x84, 0x80, 0x80, 0x80], '\u{100000}'],
		['two continuation bytes', [0x9f, 0xbf], '\u07ff'],
		['three continuation bytes', [0x8f, 0xbf, 0xbf], '\uffff'],
		['a 3-byte lead cut short', [0xef, 0xbf], '\u03ff'],
		['a 4-byte lead cut short', [0xf1, 0x80, 0x80], '\u1000'],
		['a byte that leads nothing (0xF8)', [0xf8, 0x90, 0x80, 0x80], '\u{10000}'],
	])('leaves %s as written: no spelling of the key', (_, bytes, char) => {
		const key = `KEY-${char}-0123456789abcdef`;
		const text = `KEY-${percentBytes(bytes)}-0123456789abcdef`;
		expect(make(key).text(text)).toBe(text);
	});

	it('leaves bytes beyond U+10FFFF as written, and still masks the key in the same run', () => {
		const key = 'KEY-0123456789abcdef';
		const beyond = percentBytes([0xf4, 0x90, 0x80, 0x80]);
		expect(make(key).text(`${beyond} ${encodeURIComponent(key)}`)).toBe(`${beyond} ***`);
	});

	it('keeps an undecodable byte inside a run as written, so a key holding it is still found', () => {
		const key = 'KEY-é%FF-0123456789';
		expect(make(key).text(`x KEY-${percentBytes([0xc3, 0xa9, 0xff])}-0123456789 y`)).toBe('x *** y');
		expect(make(key).text(`x KEY-${percentBytes([0x41, 0xff])}-0123456789 y`)).toBe(
			`x KEY-${percentBytes([0x41, 0xff])}-0123456789 y`,
		);
	});

	it('reads a text with a `%` but no `%XX` byte as written', () => {
		expect(make('KEY-100%-0123456789').text('x KEY-100%-0123456789 y')).toBe('x *** y');
		expect(make('KEY-100%-0123456789').text('x KEY-100%25-0123456789 y')).toBe('x *** y');
	});

	it('masks a key written with HTML references and a JSON-escaped backslash in one text', () => {
		// `\\\\` in the text: the JSON layer is read with every escape (escaped backslashes first).
		const key = 'KEY-a\\b/c-0123456789';
		expect(make(key).text('x KEY-a\\\\b&#47;c-0123456789 y')).toBe('x *** y');
		expect(make(key).text('x KEY-a\\\\b\\/c-0123456789 y')).toBe('x *** y');
	});

	it('keeps a reference that names no character as written, masking the key after it', () => {
		const key = 'KEY-0123456789abcdef';
		expect(make(key).text(`&#0;${key} &#xD800;${htmlDecimal(key)}`)).toBe('&#0;*** &#xD800;***');
	});

	it('masks a key holding a reference that names no character, next to one that is decoded', () => {
		expect(make('abc&#0;def').text('x abc&#0;&#100;ef y')).toBe('x *** y');
	});

	it('masks a short key whose base64 holds `+` and `/`, URL-safe too', () => {
		for (const key of ['>>>?', '????']) {
			for (const blob of [Buffer.from(key), Buffer.from(` ${key}`), Buffer.from(`  ${key}`)]) {
				for (const encoded of [blob.toString('base64'), blob.toString('base64url')]) {
					expect(make(key).text(`[${encoded}]`)).toContain('***');
				}
			}
		}
	});

	it('masks two spellings of the key side by side as two masks, and overlapping ones as one', () => {
		const key = 'KEY-0123456789abcdef';
		expect(make(key).text(`${key}${key}`)).toBe('******');
		expect(make(key).text(`${key}${encodeURIComponent(key)}`)).toBe('******');
		expect(make('abcabcabcabcabcabc').text('abcabcabcabcabcabcabc')).toBe('***');
	});

	it('masks a key of 16 characters wherever it occurs (16 is the first length that is not short)', () => {
		expect(make('0123456789abcdef').text('x0123456789abcdefx')).toBe('x***x');
		expect(make('0123456789abcde').text('x0123456789abcdex')).toBe('x0123456789abcdex');
	});

	it.each([
		['standard', (text: string) => Buffer.from(text).toString('base64')],
		['standard without padding', (text: string) => Buffer.from(text).toString('base64').replace(/=+$/, '')],
		['URL-safe', (text: string) => Buffer.from(text).toString('base64url')],
	])('masks a long key base64-encoded whole (%s), every character of it', (_, encode) => {
		// Bytes chosen so that the base64 text holds `+` and `/` (`-` and `_` URL-safe) and one `=` of padding.
		const key = '\u00fb\u00ef\u00bf\u00fe-KEY-0123456789abc';
		const encoded = encode(key);
		expect(encoded).toMatch(/[+/_-]/);
		expect(make(key).text(`(${encoded})`)).toBe('(***)');
		expect(make(key).text(`(${Buffer.from(key).toString('base64')})`)).toBe('(***)');
	});

	it('masks a long key base64-encoded with one or two `=` of padding, the padding included', () => {
		for (const key of ['KEY-0123456789abcdef', 'KEY-0123456789abcde']) {
			const encoded = Buffer.from(key).toString('base64');
			expect(encoded).toMatch(/=$/);
			expect(make(key).text(`(${encoded})`)).toBe('(***)');
			expect(make(key).text(`(${encoded.replace(/=+$/, '')})`)).toBe('(***)');
		}
	});

	it('masks a role id of exactly 4 characters where a whole value equals it', () => {
		const redact = make('KEY-0123456789abcdef', 'abcd');
		expect(redact.answerText('abcd')).toBe('***');
		expect(redact.data({ role: 'abcd', other: 'abcde' }, '{"role":"abcd","other":"abcde"}')).toEqual({
			role: '***',
			other: 'abcde',
		});
	});
});

describe('redactor (pure): a short key stands alone or joins a word', () => {
	it.each([
		['after a letter beyond the BMP', '\u{1d400}test', '\u{1d400}test'],
		['before a letter beyond the BMP', 'test\u{1d400}', 'test\u{1d400}'],
		['after an emoji (no letter)', '\u{1f600}test', '\u{1f600}***'],
		['before an emoji', 'test\u{1f600}', '***\u{1f600}'],
		['after `.` after a letter beyond the BMP', '\u{1d400}.test', '\u{1d400}.test'],
		['before `.` before a letter beyond the BMP', 'test.\u{1d400}', 'test.\u{1d400}'],
		['after `.` after a space', ' .test', ' .***'],
		['after `.` at the start', '.test', '.***'],
		['before `-` at the end', 'test-', '***-'],
		['after `@` after a letter', 'a@test', 'a@test'],
		['after a lone low surrogate', '\udc00test', '\udc00***'],
		['after a digit beyond the BMP ending in U+DFFF', '\u{1d7ff}test', '\u{1d7ff}test'],
		['after a letter, two characters in', 'xatest', 'xatest'],
		['as the whole text', 'test', '***'],
		['after a letter, a second time alone', 'atest test', 'atest ***'],
	])('a short key %s', (_, text, expected) => {
		expect(make('test').text(text)).toBe(expected);
	});

	/** Whether the byte joins a word, per the rule the redactor documents. */
	const joins = (byte: number | undefined) =>
		byte !== undefined &&
		(!(byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f)) ||
			/[A-Za-z0-9_]/.test(String.fromCharCode(byte)));
	const JOINER_BYTES = new Set([...'.-@+~'].map((char) => char.charCodeAt(0)));
	const joinsAt = (byte: number | undefined, beyond: number | undefined) =>
		joins(byte) || (byte !== undefined && JOINER_BYTES.has(byte) && joins(beyond));
	/** The neighbours tried on each side of the key's bytes: none, text, words, joiners, control and high bytes. */
	const NEIGHBOURS: number[][] = [
		[],
		[0x20],
		[0x09],
		[0x0a],
		[0x0d],
		[0x61],
		[0x5f],
		[0x2c],
		[0x2f],
		[0x3d],
		[0x7e],
		[0x7f],
		[0x00],
		[0x1f],
		[0x80],
		[0xff],
		[0x2e, 0x20],
		[0x2e, 0x61],
		[0x2d, 0x7f],
		[0x40, 0x5f],
		[0x2b, 0x2c],
	];
	const KEY_BYTES = [...Buffer.from('test')];
	const cases = NEIGHBOURS.flatMap((before) =>
		NEIGHBOURS.flatMap((after) => [0, 1, 2].map((filler) => ({ before, after, filler }))),
	);
	/** The bytes: filler, the neighbours before (nearest last), the key, the neighbours after (nearest first). */
	const blob = ({ before, after, filler }: (typeof cases)[number]) =>
		Buffer.from([...Array<number>(filler).fill(0x2a), ...[...before].reverse(), ...KEY_BYTES, ...after]);
	const alone = ({ before, after }: (typeof cases)[number]) =>
		!joinsAt(before[0], before[1]) && !joinsAt(after[0], after[1]);

	it('in hex: masked exactly where its bytes stand alone among the run’s bytes', () => {
		const redact = make('test');
		for (const example of cases) {
			const bytes = blob(example);
			const start = (example.filler + example.before.length) * 2;
			for (const encoded of [bytes.toString('hex'), bytes.toString('hex').toUpperCase()]) {
				const expected = alone(example) ? `[${encoded.slice(0, start)}***${encoded.slice(start + 8)}]` : `[${encoded}]`;
				expect({ example, redacted: redact.text(`[${encoded}]`) }).toEqual({ example, redacted: expected });
			}
		}
	});

	it('in hex: not at an odd digit, and not when the run goes on with an odd digit', () => {
		const redact = make('test');
		expect(redact.text('x 074657374 y')).toBe('x 074657374 y');
		expect(redact.text('x 74657374 y')).toBe('x *** y');
		expect(redact.text('x 746573742 y')).toBe('x ***2 y');
		expect(redact.text('74657374')).toBe('***');
		expect(redact.text('2074657374')).toBe('20***');
	});

	it('in base64 (standard and URL-safe): masked exactly where its bytes stand alone', () => {
		const redact = make('test');
		const separators = new Set([...'+/-_']);
		for (const example of cases) {
			const bytes = blob(example);
			const at = example.filler + example.before.length;
			for (const encoded of [bytes.toString('base64'), bytes.toString('base64url')]) {
				const start = Math.floor((4 * at) / 3);
				const keyEnd = Math.ceil((4 * (at + KEY_BYTES.length)) / 3);
				const unpadded = encoded.replace(/=+$/, '');
				// A base64 character that is also a separator next to the key may end the data there.
				const startsHere = at % 3 === 0 && start > 0 && separators.has(unpadded[start - 1]);
				const endsHere = keyEnd < unpadded.length && separators.has(unpadded[keyEnd]);
				const before = [example.before, ...(startsHere ? [[]] : [])];
				const after = [example.after, ...(endsHere ? [[]] : [])];
				const standsAlone = before.some((b) => after.some((a) => alone({ ...example, before: b, after: a })));
				const end = keyEnd >= unpadded.length ? encoded.length : keyEnd;
				const expected = standsAlone ? `[${encoded.slice(0, start)}***${encoded.slice(end)}]` : `[${encoded}]`;
				expect({ example, encoded, redacted: redact.text(`[${encoded}]`) }).toEqual({
					example,
					encoded,
					redacted: expected,
				});
			}
		}
	});

	it('in base64: bytes before the key that cannot be read in step count as a word; a separator before it may start the data', () => {
		const redact = make('test');
		// The characters that mix bits of the key with bits of its neighbours stay.
		expect(redact.text(`[${Buffer.from(' test ').toString('base64')}]`)).toBe('[I***g]');
		// Two base64 characters before the key's group: they cannot be decoded with it.
		expect(redact.text(`[ab${Buffer.from('test').toString('base64')}]`)).toBe(
			`[ab${Buffer.from('test').toString('base64')}]`,
		);
		// A whole group of other data before it is read: "abc" is a word.
		expect(redact.text(`[${Buffer.from('abctest').toString('base64')}]`)).toBe(
			`[${Buffer.from('abctest').toString('base64')}]`,
		);
		expect(redact.text(`/keys/${Buffer.from('test').toString('base64')}/`)).toBe('/keys/***/');
		expect(redact.text(`${Buffer.from('test').toString('base64')}`)).toBe('***');
		// At most the two `=` of its padding belong to it.
		expect(redact.text(`${Buffer.from('test').toString('base64')}==`)).toBe('***==');
	});
});

describe('redactor (pure): JSON answers', () => {
	const KEY_LONG = 'KEY-0123456789abcdef';
	const redactor = (roleId = 'admin') => make(KEY_LONG, roleId);
	const data = (value: unknown, options?: { roleIdsAreData?: boolean }, roleId?: string) =>
		redactor(roleId).data(value, JSON.stringify(value), options);

	it('masks the role id in an answer that holds no key, however short the answer', () => {
		expect(data('admin')).toBe('***');
		expect(data({ a: 'admin' })).toEqual({ a: '***' });
		expect(data(['admin', 'x'])).toEqual(['***', 'x']);
		expect(data([{ a: ['admin'] }])).toEqual([{ a: ['***'] }]);
	});

	it('masks the role id written with a \\u escape in the raw answer', () => {
		expect(redactor().data({ a: 'admin' }, '{"a":"adm\\u0069n"}')).toEqual({ a: '***' });
	});

	it('keeps role ids as data when asked, and still masks the key', () => {
		expect(data({ a: 'admin', b: KEY_LONG, c: ['admin'] }, { roleIdsAreData: true })).toEqual({
			a: 'admin',
			b: '***',
			c: ['admin'],
		});
	});

	it('never renames an object key that equals the role id, also when another key is renamed', () => {
		expect(data({ admin: 'admin', x: 1 })).toEqual({ admin: '***', x: 1 });
		const renamed = data({ [KEY_LONG]: 1, admin: 'admin', n: null, list: [1, null, 'admin'] }) as Record<
			string,
			unknown
		>;
		expect(renamed).toEqual({ '***': 1, admin: '***', n: null, list: [1, null, '***'] });
		expect(Object.keys(renamed)).toEqual(['***', 'admin', 'n', 'list']);
	});

	it('gives renamed keys ordinary properties: writable, enumerable and configurable', () => {
		const renamed = data({ [`x${KEY_LONG}`]: { deep: KEY_LONG } }) as Record<string, unknown>;
		expect(Object.getOwnPropertyDescriptor(renamed, 'x***')).toEqual({
			value: { deep: '***' },
			writable: true,
			enumerable: true,
			configurable: true,
		});
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
		suite.simulator.failNext(1, {
			status: 400,
			body: `{"message":"invalid key ${KEY_SLASH_ESCAPED} for ${KEY_UNICODE_ESCAPED}"}`,
		});
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
			encodeURIComponent(KEY)
				.toLowerCase()
				.replace(/key-abc/, 'KEY-abc')
				.replace('secret', 'SECRET'),
			'KEY%2Dabc/def%2bghi==SECRET',
			base64(KEY),
			base64url(KEY).replace(/=+$/, ''),
		];
		suite.simulator.failNext(1, { status: 400, contentType: 'text/plain', body: spellings.join(' | ') });
		const { error, run } = await suite.run(getSession, { credentials: credentials() });

		expect(error?.description).toBe('*** | *** | *** | *** | ***');
		expectNoKey(JSON.stringify(run));
	});

	it.each([
		['decimal references for / + =', 'KEY-abc&#47;def&#43;ghi&#61;&#61;SECRET'],
		['hex references', htmlHex(KEY)],
		['named references', 'KEY-abc&sol;def&plus;ghi&equals;&equals;SECRET'],
		['references escaped as &amp;', 'KEY-abc&amp;#47;def&amp;#43;ghi&amp;#61;&amp;#61;SECRET'],
	])(
		'replaces the key a 400 text/html page from a proxy writes with HTML %s, in the error and its output item',
		async (_, spelling) => {
			const page = `<html><body><h1>400 Bad Request</h1><p>X-apikey: ${spelling}</p></body></html>`;
			suite.simulator.failNext(2, { status: 400, contentType: 'text/html; charset=utf-8', body: page });
			const { error, run } = await suite.run(getSession, { credentials: credentials() });
			expect(error?.description).toBe('<html><body><h1>400 Bad Request</h1><p>X-apikey: ***</p></body></html>');
			expectNoKey(JSON.stringify(run));
			expectNoKey(JSON.stringify(error));

			const failed = await suite.run(getSession, { credentials: credentials(), continueOnFail: true });
			expect(failed.items).toHaveLength(1);
			expectNoKey(JSON.stringify(failed.items));
			expectNoKey(JSON.stringify(failed.run));
		},
	);

	it('replaces the key an answer writes as hex (either case) or as HTML references, in items and in error bodies', async () => {
		const body = JSON.stringify({
			loggedin: false,
			hexLower: `key=${hex(KEY)}`,
			hexUpper: hex(KEY).toUpperCase(),
			html: htmlDecimal(KEY),
			hsid: 'h',
		});
		suite.simulator.failNext(1, { status: 200, body });
		const { error, items, run } = await suite.run(getSession, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ loggedin: false, hexLower: 'key=***', hexUpper: '***', html: '***', hsid: 'h' });
		expectNoKey(JSON.stringify(run));

		suite.simulator.failNext(1, {
			status: 400,
			contentType: 'text/plain',
			body: `bad key ${hex(KEY)} | ${hex(KEY).toUpperCase()}`,
		});
		const failed = await suite.run(getSession, { credentials: credentials() });
		expect(failed.error?.description).toBe('bad key *** | ***');
	});

	it('passes data without the key through exactly as sent', async () => {
		const session = {
			loggedin: false,
			name: 'Jürgen \\ "quoted" / 100%',
			url: 'https://x/a%2Fb',
			float: 0.1,
			big: 1e300,
			nested: [{ a: null }],
		};
		const body = JSON.stringify(session).replace(/\//g, '\\/').replace('ü', '\\u00fc');
		suite.simulator.failNext(1, { status: 200, body });
		const { items } = await suite.run(getSession, { credentials: credentials() });
		expect(items[0].json).toEqual(session);
	});

	it('replaces the key in a sentence of the package that quotes a value the item gave', async () => {
		const { error } = await suite.run({
			operation: 'provokeLoginOnUser',
			nonce: 'n',
			userId: { __rl: true, mode: 'id', value: KEYS.all },
		});
		expect(error?.message).toBe('Not found (404): there is no user "***" on this server (or the server ID is wrong)');
		// (The node's parameters, which n8n keeps with the error, are the item's own input.)
		expect(JSON.stringify({ ...error, node: undefined, stack: error?.stack })).not.toContain(KEYS.all);
	});
});

describe('redaction: a key shorter than 16 characters hides only where it stands alone', () => {
	const suite = useSuite();
	const SHORT = 'test';
	const credentials = () => suite.credentials({ apiKey: SHORT });
	const getSession = { operation: 'getSession', nonce: 'echo' };

	it('passes data that only looks like the key through exactly as sent: words, ids, object keys, base64 and hex', async () => {
		const session = {
			loggedin: true,
			userid: 'tester',
			contest: 'an object key with the key inside',
			attested: 'contested, latest, test_case, test@corp.com, test.example.com, test-1, v2test',
			// Base64 with `dGVzdA` inside: after other bytes of a word ("ABCtest\n"), and at no byte boundary.
			blob: Buffer.from('ABCtest\n').toString('base64'),
			unaligned: 'ZmdGVzdAhh',
			png: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABdGVzdAECAwQ',
			// Hex with the key's bytes after other bytes of a word.
			hash: `cafe${hex(SHORT)}beef`,
			encoded: '%74est1 &#116;ested x%74est',
		};
		expect(session.blob).toContain('dGVzdA');
		suite.simulator.failNext(1, { status: 200, body: JSON.stringify(session) });
		const { error, items } = await suite.run(getSession, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual(session);
		expect(Object.keys(items[0].json)).toEqual(Object.keys(session));
	});

	it('hides the key where it stands alone in every spelling, as a whole value and as an object key', async () => {
		const body = JSON.stringify({
			loggedin: false,
			echo: SHORT,
			[SHORT]: 'as a key',
			sentence: `the key ${SHORT} is invalid`,
			hsid: 'h',
		});
		suite.simulator.failNext(1, { status: 200, body });
		const { error, items, run } = await suite.run(getSession, { credentials: credentials() });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			loggedin: false,
			echo: '***',
			'***': 'as a key',
			sentence: 'the key *** is invalid',
			hsid: 'h',
		});
		expect(JSON.stringify(run)).not.toMatch(/\btest\b/);

		const spellings = [
			`key=${SHORT}&x`,
			`"${SHORT}"`,
			'%74%65%73%74',
			'&#116;&#101;&#115;&#116;',
			'\\u0074est',
			Buffer.from(SHORT).toString('base64'),
			Buffer.from(SHORT).toString('base64url'),
			`/keys/${Buffer.from(SHORT).toString('base64')}/`,
			hex(SHORT),
			`0x${hex(SHORT).toUpperCase()}`,
			`Basic ${Buffer.from(`user:${SHORT}`).toString('base64')}`,
		];
		suite.simulator.failNext(1, { status: 400, contentType: 'text/plain', body: spellings.join(' | ') });
		const failed = await suite.run(getSession, { credentials: credentials() });
		expect(failed.error?.description).toBe(
			'key=***&x | "***" | *** | *** | *** | *** | *** | /keys/***/ | *** | 0x*** | Basic dXNlcj***',
		);
	});

	it.each([
		['test.', '***.'],
		['(test)', '(***)'],
		['a test, then', 'a ***, then'],
		['é test', 'é ***'],
		['xy/dGVzdA==', 'xy/***'],
		[Buffer.from('abcd/test').toString('base64'), 'YWJjZC***'],
		[Buffer.from('abcd test ef').toString('base64'), 'YWJjZC***IGVm'],
		['testé', 'testé'],
		['test-1', 'test-1'],
		['a.test', 'a.test'],
		['abdGVzdA==', 'abdGVzdA=='],
		[Buffer.from('x-test').toString('base64'), Buffer.from('x-test').toString('base64')],
	])('a short key in %p gives %p', (text, expected) => {
		expect(redactorFor({ apiKey: SHORT, roleId: '' }).text(text)).toBe(expected);
	});

	// What stands next to the key is read decoded: a character decoded right decides whether the
	// key stands alone, and bytes that decode to no character stay as their `%XX` or `&#…` text
	// (whose last digit is a word character).
	it.each([
		['%E2%80%94test', '%E2%80%94***', 'an em dash, 3 UTF-8 bytes'],
		['%C2%A0test', '%C2%A0***', 'a no-break space, 2 bytes'],
		['%F0%9F%98%80test', '%F0%9F%98%80***', 'an emoji, 4 bytes'],
		['%F4%8F%BF%BFtest', '%F4%8F%BF%BF***', 'U+10FFFF, the last code point'],
		['%C3%28test', '%C3%28***', 'a lead byte without its continuation, then `(`'],
		['%00test', '%00***', 'U+0000, the lowest 1-byte code point'],
		['%C2%80test', '%C2%80***', 'U+0080, the lowest 2-byte code point'],
		['%C3%A9test', '%C3%A9test', 'é, a letter'],
		['%80test', '%80test', 'a lone continuation byte'],
		['%E2%80test', '%E2%80test', 'a sequence cut short'],
		['%E0%80%A0test', '%E0%80%A0test', 'an overlong encoding of a space'],
		['%ED%A0%80test', '%ED%A0%80test', 'an encoded surrogate'],
		['%F4%90%80%80test', '%F4%90%80%80test', 'a code point beyond U+10FFFF'],
		['%F5%80%80%80test', '%F5%80%80%80test', 'a byte no UTF-8 sequence starts with'],
		['&#x10FFFFtest', '&#x10FFFF***', 'a hex reference to U+10FFFF'],
		['&#1114111test', '&#1114111***', 'a decimal reference to U+10FFFF'],
		['&#xD7FFtest', '&#xD7FF***', 'a reference to the code point before the surrogates'],
		['&#xE000test', '&#xE000***', 'a reference to the code point after them'],
		['&#0test', '&#0test', 'a reference to U+0000'],
		['&#x110000test', '&#x110000test', 'a hex reference beyond U+10FFFF'],
		['&#1114112test', '&#1114112test', 'a decimal reference beyond U+10FFFF'],
		['&#xD800test', '&#xD800test', 'a reference to the first surrogate'],
		['&#xDFFFtest', '&#xDFFFtest', 'a reference to the last surrogate'],
		['&amptest', '&amp***', 'a legacy named reference without `;` (browsers read it)'],
		['&quottest', '&quot***', 'a legacy named reference of a character no spelling of the key holds'],
		['&lttest', '&lt***', 'the same for `<`'],
		['&nbsptest', '&nbsp***', 'the same for a no-break space'],
		['&soltest', '&soltest', 'a named reference without `;` that is not legacy (browsers do not read it)'],
	])('a short key after %p gives %p (%s)', (text, expected) => {
		expect(redactorFor({ apiKey: SHORT, roleId: '' }).text(text)).toBe(expected);
	});

	it('refuses an API key of 1 to 3 characters, which could not be kept out of the output, before any request', async () => {
		for (const apiKey of ['a', 'is', 'the', ' ab ']) {
			suite.simulator.clearRecords();
			const { error } = await suite.run(getSession, { credentials: suite.credentials({ apiKey }) });
			expect(error?.message).toBe(
				'The API key in the NextAuth credential is shorter than 4 characters: no nextAuth API key is, and one that short could not be kept out of the output',
			);
			expect(suite.simulator.requests).toEqual([]);
		}
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
		expect(error?.message).toBe(
			'Not found (404): there is no user "admin-gone" on this server (or the server ID is wrong)',
		);
	});
});
