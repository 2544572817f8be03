/**
 * JSON read without losing anything: an integer that a JavaScript number cannot hold exactly
 * (beyond 2^53) stays as its digits. This is what "the data as the server sent it" means when
 * outputs are compared with answers.
 */

/** An integer beyond Number.MAX_SAFE_INTEGER, as written. */
export class ExactInteger {
	constructor(readonly digits: string) {}
}

export type Lossless = null | boolean | number | string | ExactInteger | Lossless[] | { [key: string]: Lossless };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Parses `text` as JSON (throws like JSON.parse on anything else). */
export function parseLossless(text: string): Lossless {
	let position = 0;
	const skip = () => {
		WHITESPACE.lastIndex = position;
		WHITESPACE.exec(text);
		position = WHITESPACE.lastIndex;
	};
	const fail = (): never => {
		throw new SyntaxError(`not JSON at position ${position}`);
	};
	const value = (depth: number): Lossless => {
		if (depth > 10_000) fail();
		skip();
		const character = text[position];
		if (character === '{') {
			position++;
			const object: { [key: string]: Lossless } = {};
			skip();
			if (text[position] === '}') {
				position++;
				return object;
			}
			for (;;) {
				skip();
				if (text[position] !== '"') fail();
				const key = string();
				skip();
				if (text[position] !== ':') fail();
				position++;
				Object.defineProperty(object, key, {
					value: value(depth + 1),
					enumerable: true,
					writable: true,
					configurable: true,
				});
				skip();
				if (text[position] === ',') {
					position++;
					continue;
				}
				if (text[position] === '}') {
					position++;
					return object;
				}
				fail();
			}
		}
		if (character === '[') {
			position++;
			const array: Lossless[] = [];
			skip();
			if (text[position] === ']') {
				position++;
				return array;
			}
			for (;;) {
				array.push(value(depth + 1));
				skip();
				if (text[position] === ',') {
					position++;
					continue;
				}
				if (text[position] === ']') {
					position++;
					return array;
				}
				fail();
			}
		}
		if (character === '"') return string();
		for (const [word, result] of [
			['true', true],
			['false', false],
			['null', null],
		] as const) {
			if (text.startsWith(word, position)) {
				position += word.length;
				return result;
			}
		}
		NUMBER.lastIndex = position;
		const match = NUMBER.exec(text);
		if (!match) return fail();
		position = NUMBER.lastIndex;
		const number = Number(match[0]);
		if (/^-?\d+$/.test(match[0]) && !Number.isSafeInteger(number))
			return new ExactInteger(match[0].replace(/^(-?)0+(?=\d)/, '$1'));
		return number;
	};
	const string = (): string => {
		const start = position;
		position++;
		for (;;) {
			const character = text[position];
			if (character === undefined) fail();
			if (character === '\\') position += 2;
			else if (character === '"') break;
			else position++;
		}
		position++;
		return JSON.parse(text.slice(start, position)) as string;
	};
	const result = value(0);
	skip();
	if (position !== text.length) fail();
	return result;
}

/** The lossless value as plain JSON data, big integers as their digits (what the package should output). */
export function toPlain(value: Lossless): unknown {
	if (value instanceof ExactInteger) return value.digits;
	if (Array.isArray(value)) return value.map(toPlain);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toPlain(child)]));
	}
	return value;
}
