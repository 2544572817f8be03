/**
 * JSON as the API writes it, read without losing anything:
 * - a UTF-8 byte-order mark before the JSON is skipped (JSON.parse refuses it);
 * - an integer beyond 2^53 (an account id of 9007199254740993) is kept as its digits, a string,
 *   where JSON.parse would round it to another id. Node 20's JSON.parse cannot show a number's
 *   source text, so such integers are put in quotes before parsing. Other numbers, fractions
 *   too, stay numbers.
 */

/**
 * An integer token of 16 digits or more (the shortest that can be beyond Number.MAX_SAFE_INTEGER),
 * with the character before it, which must be one that may stand before a JSON value. Anchored
 * on that character, the search does not retry inside every run of digits, as a bare `\d{16}`
 * would on a page of 13-digit timestamps. Matches inside strings are skipped below.
 */
const LONG_INTEGER = /(?:^|[:,[\s])-?[1-9]\d{15,}/g;
const HAS_LONG_INTEGER = new RegExp(LONG_INTEGER.source);

/** Whether the `"` at `at` is escaped: preceded by an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
	let backslashes = 0;
	for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
	return backslashes % 2 === 1;
}

/**
 * `text` with every integer literal outside strings that is not a safe integer put in quotes.
 * One pass, no recursion: string boundaries are followed quote by quote (indexOf), only up to
 * the candidates the regular expression finds.
 */
export function quoteUnsafeIntegers(text: string): string {
	const parts: string[] = [];
	let copied = 0;
	let inString = false;
	/** The next `"` not yet followed (-1: none left), found once, so that each is looked for once. */
	let quote = text.indexOf('"');
	for (const match of text.matchAll(LONG_INTEGER)) {
		const [found] = match;
		// The match starts with the character before the number, except at the very start of the text.
		const first = found.charCodeAt(0);
		const skip = first === 0x2d || (first >= 0x30 && first <= 0x39) ? 0 : 1;
		const at = match.index + skip;
		const end = match.index + found.length;
		const next = text.charCodeAt(end);
		// A fraction or an exponent makes it a float, which stays a number.
		if (next === 0x2e || next === 0x65 || next === 0x45) continue;
		const literal = found.slice(skip);
		if (Number.isSafeInteger(Number(literal))) continue;
		// Follow the string boundaries up to the candidate: digits inside a string stay as they are.
		for (; quote !== -1 && quote < at; quote = text.indexOf('"', quote + 1)) {
			if (!inString || !isEscaped(text, quote)) inString = !inString;
		}
		if (inString) continue;
		parts.push(text.slice(copied, at), '"', literal, '"');
		copied = end;
	}
	if (copied === 0) return text;
	parts.push(text.slice(copied));
	return parts.join('');
}

/** Parses JSON text as described above; throws JSON.parse's SyntaxError when it is not JSON. */
export function parseJson(text: string): unknown {
	const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	return JSON.parse(HAS_LONG_INTEGER.test(source) ? quoteUnsafeIntegers(source) : source) as unknown;
}
