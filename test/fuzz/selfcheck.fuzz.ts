/**
 * The fuzz's own instruments, checked before they are trusted: the secret finder sees every
 * spelling the echo behaviours produce (anywhere in a text, inside JSON read back), and misses
 * texts without the secret; the lossless reader agrees with JSON.parse wherever numbers are safe.
 */
import fc from 'fast-check';

import { ExactInteger, parseLossless, toPlain } from './lossless';
import type { EchoForm } from './model';
import { encodeEcho, isJsonEscapeForm, secretFinder } from './secrets';

const FORMS: EchoForm[] = ['plain', 'json-slash', 'json-unicode', 'json-unicode-some', 'pct-upper', 'pct-lower', 'pct-some', 'base64', 'base64url', 'base64-unpadded'];
const KEY_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./+=~!*()%:@é€'.split('');
const secret = fc.string({ unit: fc.constantFrom(...KEY_CHARACTERS), minLength: 10, maxLength: 38 }).map((body) => `K-${body}`);

describe('the fuzz instruments', () => {
	it('finds the key in every echo form, wherever it sits in a text', () => {
		fc.assert(
			fc.property(secret, fc.constantFrom(...FORMS), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), (key, form, before, after) => {
				const finder = secretFinder(key);
				const encoded = encodeEcho(key, form);
				expect(finder.find(`${before}${encoded}${after}`)).toBeDefined();
				// In JSON, read back: the escapes become the key itself, the other forms stay encoded.
				const json = `{"note":"${isJsonEscapeForm(form) ? encoded : JSON.stringify(encoded).slice(1, -1)}"}`;
				expect(finder.find((JSON.parse(json) as { note: string }).note)).toBeDefined();
				expect(finder.find(json)).toBeDefined();
			}),
			{ numRuns: 500 },
		);
	});

	it('finds base64 of a text holding the key at any alignment', () => {
		fc.assert(
			fc.property(secret, fc.string({ maxLength: 7 }), fc.string({ maxLength: 7 }), (key, before, after) => {
				const encoded = Buffer.from(`${before}${key}${after}`).toString('base64');
				expect(secretFinder(key).find(encoded)).toBeDefined();
			}),
			{ numRuns: 300 },
		);
	});

	it('finds nothing in texts that do not hold the key', () => {
		const finder = secretFinder('K-abc/def+ghi==SECRET');
		for (const text of ['K-abc/def+ghi', 'SECRET', '{"loggedin":true}', 'abc%2Fdef', Buffer.from('K-abc/def').toString('base64')]) {
			expect(finder.find(text)).toBeUndefined();
		}
	});

	it('reads JSON like JSON.parse, keeping integers beyond 2^53 exact', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const text = JSON.stringify(value);
				// Integers beyond 2^53 written as digits stay digits; everything else is JSON.parse's.
				const unsafe = (_: string, number: unknown) =>
					typeof number === 'number' && Number.isInteger(number) && !Number.isSafeInteger(number) && !String(number).includes('e') ? String(number) : number;
				expect(toPlain(parseLossless(text))).toEqual(JSON.parse(text, unsafe));
			}),
			{ numRuns: 300 },
		);
		const parsed = parseLossless('{"id":9007199254740993,"n":-12345678901234567890,"x":1.5e300}') as Record<string, unknown>;
		expect(parsed.id).toEqual(new ExactInteger('9007199254740993'));
		expect(parsed.n).toEqual(new ExactInteger('-12345678901234567890'));
		expect(parsed.x).toBe(1.5e300);
		expect(() => parseLossless('{"a":1,}')).toThrow();
		expect(() => parseLossless('\ufeff{}')).toThrow();
	});
});
