/**
 * The fuzz's own instruments, checked before they are trusted: the secret finder sees every
 * spelling the echo behaviours produce, for keys of every length the credential accepts (anywhere
 * in a text, inside JSON read back, in a web page), keeps to the short-key rule (a key under 16
 * characters counts only where it stands alone), and misses texts without the secret; the
 * lossless reader agrees with JSON.parse wherever numbers are safe.
 */
import fc from 'fast-check';

import { ECHO_FORMS, keyShaped } from './arbitraries';
import { ExactInteger, parseLossless, toPlain } from './lossless';
import { encodeEcho, isJsonEscapeForm, roleFinder, secretFinder, STAND_ALONE_BELOW } from './secrets';

const KEY_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./+=~!*()%:@é€'.split('');
const oldShape = fc
	.string({ unit: fc.constantFrom(...KEY_CHARACTERS), minLength: 10, maxLength: 38 })
	.map((body) => `K-${body}`);
const secret = fc.oneof(keyShaped, oldShape);
const finderOf = (key: string) => secretFinder(key, { standAloneBelow: STAND_ALONE_BELOW });

/** The places the server writes an echo in, as the package's outputs and errors show them. */
function places(key: string, form: string): string[] {
	const encoded = encodeEcho(key, form);
	const literal = isJsonEscapeForm(form) ? encoded : JSON.stringify(encoded).slice(1, -1);
	const read = (json: string) => (JSON.parse(json) as { note: string }).note;
	return [
		encoded,
		`invalid api key: ${encoded}`,
		`<p>Invalid API key: ${encoded}</p>`,
		`<span data-note="${encoded}"></span>`,
		`<p>Your key ${encoded} is in use</p>`,
		read(`{"note":"${literal}"}`),
		read(`{"note":"the key ${literal} is not valid here"}`),
		`{"message":"the key ${literal} is not valid here"}`,
	];
}

describe('the fuzz instruments', () => {
	it('finds the key in every echo form, in every place the server writes it, at every length', () => {
		fc.assert(
			fc.property(secret, fc.constantFrom(...ECHO_FORMS), (key, form) => {
				const finder = finderOf(key);
				for (const text of places(key, form)) expect([text, finder.find(text)]).toEqual([text, expect.any(String)]);
			}),
			{ numRuns: 2000 },
		);
	});

	it('finds a long key with anything around it, in base64 at any alignment', () => {
		fc.assert(
			fc.property(
				secret.filter((key) => key.length >= STAND_ALONE_BELOW),
				fc.string({ maxLength: 7 }),
				fc.string({ maxLength: 7 }),
				(key, before, after) => {
					expect(finderOf(key).find(`${before}${key}${after}`)).toBeDefined();
					expect(finderOf(key).find(Buffer.from(`${before}${key}${after}`).toString('base64'))).toBeDefined();
				},
			),
			{ numRuns: 300 },
		);
	});

	it('counts a short key only where it stands alone, as README says the package hides it', () => {
		const finder = finderOf('test');
		for (const text of [
			'invalid key test',
			'"test"',
			'key=test&',
			'dGVzdA==',
			'Basic dXNlcjp0ZXN0',
			'74657374',
			'x &#116;&#101;&#115;&#116; y',
			'test%20ok',
		]) {
			expect([text, finder.find(text)]).toEqual([text, expect.any(String)]);
		}
		for (const text of [
			'tester',
			'contest',
			'test@corp.com',
			'test.example.com',
			'my-test',
			Buffer.from('\u0001test\u0002').toString('base64'),
			'ab74657374',
			'te%73ter',
		]) {
			expect([text, finder.find(text)]).toEqual([text, undefined]);
			expect(finder.mayHold(text)).toBe(true);
		}
	});

	it('finds nothing in texts that do not hold the key', () => {
		const finder = finderOf('K-abc/def+ghi==SECRET');
		for (const text of [
			'K-abc/def+ghi',
			'SECRET',
			'{"loggedin":true}',
			'abc%2Fdef',
			Buffer.from('K-abc/def').toString('base64'),
			'&#75;&#45;abc',
		]) {
			expect(finder.find(text)).toBeUndefined();
		}
		// A long key lower-cased (a host name) counts; a short one does not (`Test` is not `test`).
		expect(finderOf('Mixed-Case-Key-0123ABCD').find('http://mixed-case-key-0123abcd.example')).toBe('lower-cased');
		expect(finderOf('Test').find('a test')).toBeUndefined();
		// A key and a password under 4 characters are not looked for; the Role ID only as a whole value.
		expect(finderOf('abc').find('abc')).toBeUndefined();
		expect(roleFinder('role/1').find('role/1')).toBeDefined();
		expect(roleFinder('role/1').find('a role/1')).toBeUndefined();
	});

	it('reads JSON like JSON.parse, keeping integers beyond 2^53 exact', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const text = JSON.stringify(value);
				// Integers beyond 2^53 written as digits stay digits; everything else is JSON.parse's.
				const unsafe = (_: string, number: unknown) =>
					typeof number === 'number' &&
					Number.isInteger(number) &&
					!Number.isSafeInteger(number) &&
					!String(number).includes('e')
						? String(number)
						: number;
				expect(toPlain(parseLossless(text))).toEqual(JSON.parse(text, unsafe));
			}),
			{ numRuns: 300 },
		);
		const parsed = parseLossless('{"id":9007199254740993,"n":-12345678901234567890,"x":1.5e300}') as Record<
			string,
			unknown
		>;
		expect(parsed.id).toEqual(new ExactInteger('9007199254740993'));
		expect(parsed.n).toEqual(new ExactInteger('-12345678901234567890'));
		expect(parsed.x).toBe(1.5e300);
		expect(() => parseLossless('{"a":1,}')).toThrow();
		expect(() => parseLossless('\ufeff{}')).toThrow();
	});
});
