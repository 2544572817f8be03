/**
 * Keeps the credential's API key out of everything the package shows: items made of answers,
 * error messages and descriptions.
 *
 * Answers are redacted after they are decoded, never in their raw text: a JSON answer may write
 * the key with `\/` or `\u00XX` escapes that only parsing turns back into the key, and replacing
 * text inside raw JSON corrupts it (a Role ID made of digits would rewrite every number holding
 * them: `transport/redaction.test.ts`).
 * So a JSON answer is parsed first and its strings are redacted one by one; a text that is not
 * JSON (an error body, a network error's detail) is searched in every spelling that decodes to
 * the key: as written, JSON-escaped, percent-encoded (either case, wholly or partly, also twice),
 * as HTML character references (`&#47;`, `&#x2F;`, `&sol;`, also escaped twice as `&amp;#47;`),
 * as hex (either case) and base64 (standard and URL-safe, with or without padding, at any byte
 * offset in a larger blob). Layers of escaping are undone in every order, not in one sequence: a
 * key may hold what looks like an escape of another kind (`%41`, `\u0041`, `&sol;`).
 *
 * A key shorter than WHOLE_TOKEN_BELOW characters is only redacted where it stands alone: a key
 * `test` is hidden in `invalid key test`, `"test"`, `key=test&` or `dGVzdA==`, but `tester`,
 * `contest`, `test@corp.com` and a base64 or hex blob whose bytes hold `test` inside other data
 * stay as they are. Such words are likely in data, and there an echo of the key cannot be told
 * from them; a long key occurs in data only as an echo, so it is hidden wherever it occurs.
 *
 * The Role ID is an identifier, not a password: it is replaced only where a whole string value
 * of an answer equals it, never inside other text (a user `admin@corp.com` stays itself when
 * the role id is `admin`).
 */
import type { NextAuthCredentials } from './credentials';

/**
 * API keys shorter than this are refused (connections.ts): even where it stands alone, a key of
 * one to three characters (`a`, `id`) is an ordinary word of the data.
 */
export const MIN_API_KEY_LENGTH = 4;

/** Keys shorter than this are redacted only where they stand alone (see above). */
export const WHOLE_TOKEN_BELOW = 16;

/** A role id shorter than this is not redacted: a one-letter value would blank out every such value. */
const MIN_ROLE_LENGTH = 4;

/** What replaces a secret. */
export const MASK = '***';

/** Base64 runs shorter than this are not searched: a few characters occur in any blob by chance. */
const MIN_BASE64_LENGTH = 6;

/** How many layers of escaping are undone, in any order (e.g. percent-encoded text inside a JSON string: 2). */
const MAX_DECODE_LAYERS = 6;

export interface Redact {
	/** A text that is not JSON: the API key in every spelling that decodes to it becomes `***`. */
	text(text: string): string;
	/** An answer's text that is not JSON: as `text`, and `***` when the whole text is the role id. */
	answerText(text: string): string;
	/**
	 * A JSON answer, parsed from `raw`: the API key inside any string (object keys and values)
	 * and any string value that equals the role id become `***`. Changed in place and returned;
	 * a value whose raw text mentions neither is returned untouched, without a walk.
	 */
	data<T>(value: T, raw: string, options?: RedactOptions): T;
}

export interface RedactOptions {
	/**
	 * The answer lists roles (permissions, API keys, a user's role): role ids are the data asked
	 * for, the credential's own included, and pass unchanged. The API key is still replaced.
	 */
	roleIdsAreData?: boolean;
}

/** For texts that hold no secret (e.g. the package's own sentences made without an answer). */
export const NO_REDACTION: Redact = { text: (text) => text, answerText: (text) => text, data: (value) => value };

/** One layer of decoding: its text, and for each of its UTF-16 units the range it came from. */
interface View {
	text: string;
	/** Start (inclusive) and end (exclusive) in the source text of each unit of `text`. */
	starts: Int32Array;
	ends: Int32Array;
}

/** Every JSON escape, for the copy that keeps positions (made only when a secret was found). */
const JSON_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|["\\/bfnrt])/g;
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g;
const HEX = /^[0-9a-fA-F]{2}$/;

/** Whether the text has a `%XX` byte: looked for with indexOf, which is faster than a regular expression on a page with none. */
function hasPercentByte(text: string): boolean {
	// Stryker disable next-line StringLiteral: every position is then tested, not only each `%`: the same answer for a text with a `%XX`, and one without decodes to itself
	for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
		// Stryker disable next-line ConditionalExpression: a text whose `%` starts no byte decodes to itself, which the decoding tree drops
		if (HEX.test(text.slice(at + 1, at + 3))) return true;
	}
	// Stryker disable next-line BooleanLiteral: a text with no `%XX` byte decodes to itself, which the decoding tree drops
	return false;
}
const SIMPLE_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};

function jsonUnescape(escape: string): string {
	return escape[1] === 'u' ? String.fromCharCode(parseInt(escape.slice(2), 16)) : SIMPLE_ESCAPES[escape[1]];
}

/**
 * HTML character references: decimal or hex (`;` optional, as browsers read them), or named.
 * Named ones are decoded when known: those of printable ASCII (what keys are made of) and a
 * few others; the legacy ones browsers also read without `;` are decoded so too. Which named
 * ones are looked for depends on the secrets (escapesFor).
 */
const HTML_NAMED: Record<string, string> = {
	Tab: '\t',
	NewLine: '\n',
	excl: '!',
	quot: '"',
	QUOT: '"',
	num: '#',
	dollar: '$',
	percnt: '%',
	amp: '&',
	AMP: '&',
	apos: "'",
	lpar: '(',
	rpar: ')',
	ast: '*',
	midast: '*',
	plus: '+',
	comma: ',',
	period: '.',
	sol: '/',
	colon: ':',
	semi: ';',
	lt: '<',
	LT: '<',
	equals: '=',
	gt: '>',
	GT: '>',
	quest: '?',
	commat: '@',
	lsqb: '[',
	lbrack: '[',
	bsol: '\\',
	rsqb: ']',
	rbrack: ']',
	Hat: '^',
	lowbar: '_',
	UnderBar: '_',
	grave: '`',
	DiacriticalGrave: '`',
	lcub: '{',
	lbrace: '{',
	verbar: '|',
	vert: '|',
	VerticalLine: '|',
	rcub: '}',
	rbrace: '}',
	nbsp: '\u00a0',
	NonBreakingSpace: '\u00a0',
};
const HTML_LEGACY = new Set(['amp', 'AMP', 'lt', 'LT', 'gt', 'GT', 'quot', 'QUOT', 'nbsp']);

/** One HTML character reference decoded; as it is when it names no character. */
function htmlUnescape(reference: string, hex?: string, decimal?: string, name?: string, semicolon?: string): string {
	// The pattern holds only names of HTML_NAMED (escapesFor).
	if (name !== undefined) return semicolon === ';' || HTML_LEGACY.has(name) ? HTML_NAMED[name] : reference;
	const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
	const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
	return valid ? String.fromCodePoint(codePoint) : reference;
}

/**
 * A run of `%XX` bytes decoded as UTF-8, as pieces: each decoded character or kept byte, with
 * how many `%XX` triplets it took. Bytes that are no valid UTF-8 stay as their `%XX` text.
 */
function decodePercentRun(run: string): Array<[piece: string, triplets: number]> {
	// Stryker disable next-line ArithmeticOperator: a longer array only adds empty pieces after the run
	const bytes = new Array<number>(run.length / 3);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
	const pieces: Array<[string, number]> = [];
	// Stryker disable next-line EqualityOperator: one more turn only adds an empty piece after the run
	for (let i = 0; i < bytes.length;) {
		const byte = bytes[i];
		const length =
			byte < 0x80
				? 1
				: byte >= 0xc2 && byte < 0xe0
					? 2
					: byte >= 0xe0 && byte < 0xf0
						? 3
						: byte >= 0xf0 && byte <= 0xf4
							? 4
							: 0;
		let codePoint = length === 1 ? byte : length === 0 ? -1 : byte & (0xff >> (length + 1));
		// Stryker disable next-line ConditionalExpression: once a continuation byte is wrong the value stays negative, below any minimum
		for (let k = 1; k < length && codePoint >= 0; k++) {
			const next = bytes[i + k];
			// Stryker disable next-line ConditionalExpression,UnaryOperator: `undefined & 0xc0` is 0, no continuation; a wrong one as +1 stays below the character's minimum
			codePoint = next !== undefined && (next & 0xc0) === 0x80 ? (codePoint << 6) | (next & 0x3f) : -1;
		}
		const minimum = [0, 0, 0x80, 0x800, 0x10000][length];
		// Stryker disable next-line EqualityOperator: U+DFFF alone is no character of a key (a key is sent as UTF-8, which cannot hold a lone surrogate)
		const valid = codePoint >= minimum && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
		if (valid) {
			pieces.push([String.fromCodePoint(codePoint), length]);
			i += length;
		} else {
			pieces.push([run.slice(i * 3, i * 3 + 3), 1]);
			i += 1;
		}
	}
	return pieces;
}

/** A kind of escaping that is undone, one layer at a time. */
type Layer = 'json' | 'percent' | 'html';
const LAYER_KINDS: readonly Layer[] = ['json', 'percent', 'html'];

/**
 * The text with one layer of JSON escapes (those `escapes` matches), of percent-encoding or of
 * HTML character references undone; undefined if there is none.
 */
function decodedText(text: string, layer: Layer, escapes: Escapes): string | undefined {
	// Stryker disable next-line StringLiteral: a text without `&` is given back as it is, which the decoding tree drops
	if (layer === 'html') return text.includes('&') ? text.replace(escapes.html, htmlUnescape) : undefined;
	if (layer === 'json') {
		// Stryker disable next-line ConditionalExpression,StringLiteral: a text without `\\` decodes to itself, which the decoding tree drops
		if (!text.includes('\\')) return undefined;
		// Without an escaped backslash every `\/` and `\"` is an escape of its own: replaced
		// without a call per escape, which keeps a page from a PHP API (every `/` escaped) fast.
		// Stryker disable next-line ConditionalExpression,StringLiteral: the pattern of every escape gives the same text, only slower
		if (!text.includes('\\\\'))
			return text.replaceAll('\\/', '/').replaceAll('\\"', '"').replace(escapes.rest, jsonUnescape);
		return text.replace(escapes.all, jsonUnescape);
	}
	return hasPercentByte(text)
		? text.replace(PERCENT_RUN, (run) =>
				decodePercentRun(run)
					.map(([piece]) => piece)
					.join(''),
			)
		: undefined;
}

interface Escapes {
	/** The HTML character references worth undoing (see escapesFor). */
	html: RegExp;
	/** Every escape worth undoing (see escapesFor). */
	all: RegExp;
	/** The same without `\\`, `\/` and `\"`, for a text with no escaped backslash. */
	rest: RegExp;
}

/**
 * The JSON escapes worth undoing when looking for `secrets`: escaped backslashes (so that what
 * follows one is read right), the short escapes, `\u` escapes of printable ASCII (what every
 * spelling of a secret is made of: its own characters, `%`, hex digits, base64) and of the
 * secrets' other characters. Escapes of anything else (`\u00e9` in a name, common in JSON from
 * PHP) cannot be part of a secret's spelling and are left as they are, which keeps the test of
 * a page full of them fast; undoing them would find nothing more.
 */
function escapesFor(secrets: string[]): Escapes {
	const others = new Set<string>();
	for (const secret of secrets) {
		for (const char of secret) {
			// Stryker disable next-line EqualityOperator: one more turn reads NaN, which is no unit
			for (let i = 0; i < char.length; i++) {
				const unit = char.charCodeAt(i);
				// Stryker disable next-line EqualityOperator,ConditionalExpression: the pattern always holds U+0020 to U+007F; more units only make it longer
				if (unit < 0x20 || unit > 0x7f)
					others.add(
						unit
							.toString(16)
							.padStart(4, '0')
							.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`),
					);
			}
		}
	}
	const units = ['00[2-7][0-9a-fA-F]', ...others].join('|');
	// Named references of characters no spelling of a secret is made of (`&quot;`, `&lt;` in a web
	// page) are left: a page full of them is tested fast. Numeric ones are all read, and so are the
	// legacy names a browser reads without `;`: `&quottest` shows `"test`, where a short key stands alone.
	const spelling = new Set([...secrets.join(''), ...'%\\&#;+/=_-']);
	// Stryker disable next-line MethodExpression,ConditionalExpression: more names only make the pattern longer: a reference of a character no spelling holds decodes to text without the key
	const names = Object.keys(HTML_NAMED)
		// Stryker disable next-line ConditionalExpression,Regex: more names only make the pattern longer (no name here is of a letter or digit)
		.filter((name) => HTML_LEGACY.has(name) || spelling.has(HTML_NAMED[name]) || /^[A-Za-z0-9]$/.test(HTML_NAMED[name]))
		.sort((a, b) => b.length - a.length);
	return {
		html: new RegExp(`&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|(${names.join('|')})(;?))`, 'g'),
		all: new RegExp(`\\\\(?:["\\\\/bfnrt]|u(?:${units}))`, 'g'),
		rest: new RegExp(`\\\\(?:[bfnrt]|u(?:${units}))`, 'g'),
	};
}

/** The same decoding as `decodedText` (every JSON escape), keeping where each unit came from. */
function decodedView(view: View, layer: Layer, escapes: Escapes): View {
	const { text } = view;
	const pattern = layer === 'json' ? JSON_ESCAPE : layer === 'html' ? escapes.html : PERCENT_RUN;
	const parts: string[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	const keep = (from: number, to: number) => {
		parts.push(text.slice(from, to));
		for (let i = from; i < to; i++) {
			starts.push(view.starts[i]);
			ends.push(view.ends[i]);
		}
	};
	const add = (piece: string, from: number, to: number) => {
		parts.push(piece);
		for (let k = 0; k < piece.length; k++) {
			starts.push(view.starts[from]);
			ends.push(view.ends[to - 1]);
		}
	};
	let copied = 0;
	for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
		const at = match.index;
		keep(copied, at);
		if (layer === 'json') {
			add(jsonUnescape(match[0]), at, at + match[0].length);
		} else if (layer === 'html') {
			const piece = htmlUnescape(match[0], match[1], match[2], match[3], match[4]);
			if (piece === match[0]) keep(at, at + piece.length);
			else add(piece, at, at + match[0].length);
		} else {
			let offset = at;
			for (const [piece, triplets] of decodePercentRun(match[0])) {
				add(piece, offset, offset + triplets * 3);
				offset += triplets * 3;
			}
		}
		copied = at + match[0].length;
	}
	keep(copied, text.length);
	return { text: parts.join(''), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * Every text that undoing up to MAX_DECODE_LAYERS layers of escaping gives, in any order: one
 * layer's decoding can corrupt what another layer's escaping left (a key holding `%41`, written
 * HTML-escaped, is read back only by undoing HTML alone), so each kind is undone on each text found
 * rather than in one fixed sequence. Each entry names the entry it was decoded from and how; texts
 * met twice are kept once. Kinds with no escape in a text cost a test.
 */
interface Decoded {
	text: string;
	/** The entry it was decoded from (-1 for the text as written), and the layer undone. */
	parent: number;
	layer?: Layer;
}

/** The most texts the decoding of one text may give: every kind once or twice, in any order, is 27. */
const MAX_DECODED_TEXTS = 32;

function decodingTree(text: string, escapes: Escapes): Decoded[] {
	const tree: Decoded[] = [{ text, parent: -1 }];
	const seen = new Set([text]);
	// Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator,UpdateOperator: bounds work, and MAX_DECODED_TEXTS bounds it too: more layers only find more
	for (let from = 0, depth = 0; depth < MAX_DECODE_LAYERS && from < tree.length; depth++) {
		const end = tree.length;
		for (let parent = from; parent < end; parent++) {
			for (const layer of LAYER_KINDS) {
				const next = decodedText(tree[parent].text, layer, escapes);
				if (next === undefined || seen.has(next)) continue;
				// Stryker disable next-line ConditionalExpression,EqualityOperator: bounds work (the depth bounds it too): more texts only find more
				if (tree.length >= MAX_DECODED_TEXTS) return tree;
				seen.add(next);
				tree.push({ text: next, parent, layer });
			}
		}
		from = end;
	}
	return tree;
}

function identityView(text: string): View {
	const starts = new Int32Array(text.length);
	const ends = new Int32Array(text.length);
	// Stryker disable next-line EqualityOperator: a typed array ignores a write past its end
	for (let i = 0; i < text.length; i++) {
		starts[i] = i;
		ends[i] = i + 1;
	}
	return { text, starts, ends };
}

/**
 * The decoded texts of `tree` that `wanted` picks, each with where its units came from: made along
 * the path that decoded it (views shared by several paths are made once).
 */
function decodedViews(tree: Decoded[], wanted: (entry: Decoded) => boolean, escapes: Escapes): View[] {
	const made = new Map<number, View>();
	const viewOf = (index: number): View => {
		let view = made.get(index);
		// Stryker disable next-line ConditionalExpression: a view made again is the same view
		if (!view) {
			const { parent, layer, text } = tree[index];
			view = parent === -1 ? identityView(text) : decodedView(viewOf(parent), layer!, escapes);
			made.set(index, view);
		}
		return view;
	};
	return tree.flatMap((entry, index) => (wanted(entry) ? [viewOf(index)] : []));
}

/** Where a base64 core of the key sits: the characters of its bytes alone, at one byte offset of a 3-byte group. */
interface Base64Core {
	/** The characters, standard or URL-safe alphabet. */
	core: string;
	/** The byte offset (0, 1 or 2) of the key in its first 3-byte group. */
	offset: number;
	/** Where the core starts, in characters from the start of that group. */
	first: number;
}

/**
 * For each of the three byte offsets the key's UTF-8 bytes may have inside a larger blob, the
 * base64 characters that depend on its bytes alone; each in the standard and the URL-safe alphabet.
 */
function base64Cores(bytes: Buffer): Base64Core[] {
	const cores: Base64Core[] = [];
	// Stryker disable next-line EqualityOperator: an offset of 3 gives the cores of offset 0 again
	for (let offset = 0; offset < 3; offset++) {
		const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
		// Character j holds bits [6j, 6j + 6); the key holds bits [8 * offset, 8 * (offset + length)).
		const first = Math.ceil((8 * offset) / 6);
		const last = Math.floor((8 * (offset + bytes.length)) / 6); // exclusive
		const core = padded.slice(first, last);
		// Stryker disable next-line ConditionalExpression: a key of 4 bytes or more has a core at every offset
		if (core.length === 0) continue;
		for (const alphabet of new Set([core, core.replace(/\+/g, '-').replace(/\//g, '_')]))
			cores.push({ core: alphabet, offset, first });
	}
	return cores;
}

/**
 * The base64 spellings of a long key: whole (padded and not), and the cores of base64Cores long
 * enough not to occur by chance.
 */
function base64Forms(bytes: Buffer): string[] {
	const whole = bytes.toString('base64');
	const forms = new Set([whole, whole.replace(/=+$/, '')]);
	for (const form of [...forms]) forms.add(form.replace(/\+/g, '-').replace(/\//g, '_'));
	for (const { core } of base64Cores(bytes)) forms.add(core);
	// Stryker disable next-line MethodExpression,ConditionalExpression,EqualityOperator: a long key's forms are all longer than that
	return [...forms].filter((form) => form.length >= MIN_BASE64_LENGTH);
}

/** The key's bytes as hex digits, lower and upper case. */
function hexForms(bytes: Buffer): string[] {
	const hex = bytes.toString('hex');
	return [...new Set([hex, hex.toUpperCase()])];
}

/** Where in `text` the `forms` occur, as [start, end) ranges. */
function occurrences(text: string, forms: readonly string[]): Array<[number, number]> {
	const found: Array<[number, number]> = [];
	for (const form of forms) {
		for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) found.push([at, at + form.length]);
	}
	return found;
}

/** `text` with the ranges (which may overlap) replaced by MASK, each run of overlapping ones once. */
function masked(text: string, ranges: Array<[number, number]>): string {
	ranges.sort((a, b) => a[0] - b[0]);
	const parts: string[] = [];
	let copied = 0;
	for (let i = 0; i < ranges.length;) {
		const start = ranges[i][0];
		let end = ranges[i][1];
		for (i++; i < ranges.length && ranges[i][0] < end; i++) end = Math.max(end, ranges[i][1]);
		parts.push(text.slice(copied, start), MASK);
		copied = end;
	}
	parts.push(text.slice(copied));
	return parts.join('');
}

/**
 * Whether a neighbour of a short key joins it into a longer word: a letter, digit or `_`, or one
 * of `.-@+~` with a letter, digit or `_` beyond it (`test.user`, `test@corp.com`, `test-1`; not a
 * sentence's `test.`).
 */
const WORD = /^[\p{L}\p{N}\p{M}_]$/u;
const JOINERS = new Set(['.', '-', '@', '+', '~']);

/** The character (code point) that ends before `index` in `text`, or starts at `index`. */
function characterBefore(text: string, index: number): string | undefined {
	// Stryker disable next-line EqualityOperator,ConditionalExpression: at 0 the lookup below finds no character either
	if (index <= 0) return undefined;
	const low = text.charCodeAt(index - 1);
	return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text[index - 1];
}
function characterAt(text: string, index: number): string | undefined {
	if (index >= text.length) return undefined;
	return String.fromCodePoint(text.codePointAt(index)!);
}

/** Whether `text` from `start` to `end` (the key) is not part of a longer word. */
function standsAlone(text: string, start: number, end: number): boolean {
	const joinsBefore = () => {
		const neighbour = characterBefore(text, start);
		if (neighbour === undefined) return false;
		if (WORD.test(neighbour)) return true;
		const beyond = characterBefore(text, start - neighbour.length);
		return JOINERS.has(neighbour) && beyond !== undefined && WORD.test(beyond);
	};
	const joinsAfter = () => {
		const neighbour = characterAt(text, end);
		if (neighbour === undefined) return false;
		if (WORD.test(neighbour)) return true;
		const beyond = characterAt(text, end + neighbour.length);
		return JOINERS.has(neighbour) && beyond !== undefined && WORD.test(beyond);
	};
	return !joinsBefore() && !joinsAfter();
}

/**
 * The same for bytes decoded from base64 or hex: `byte(-1)` is the byte before the key,
 * `byte(length)` the one after, undefined at the end of the data. Bytes that are not text
 * (control bytes, bytes of 0x80 and above) join too: the key's bytes inside binary data are not
 * an echo of it.
 */
function bytesStandAlone(byte: (index: number) => number | undefined, length: number): boolean {
	const isText = (value: number) =>
		value === 0x09 || value === 0x0a || value === 0x0d || (value >= 0x20 && value < 0x7f);
	const joins = (value: number | undefined) =>
		value !== undefined && (!isText(value) || WORD.test(String.fromCharCode(value)));
	const joinsAt = (index: number, beyond: number) => {
		const value = byte(index);
		if (value === undefined) return false;
		return joins(value) || (JOINERS.has(String.fromCharCode(value)) && joins(byte(beyond)));
	};
	return !joinsAt(-1, -2) && !joinsAt(length, length + 1);
}

const BASE64_CHARACTER = /[A-Za-z0-9+/_-]/;
/** Base64 characters that may also separate a base64 text from what is before or after it (`/keys/dGVzdA==/`). */
const BASE64_SEPARATORS = new Set(['+', '/', '-', '_']);
const HEX_DIGIT = /[0-9a-fA-F]/;
/** A byte that joins (a letter): what stands for bytes before a key that cannot be decoded. */
const WORD_BYTE = 0x41;

class Redactor implements Redact {
	/** A short key: only where it stands alone (see the top of this file). */
	private readonly short: boolean;

	/** A long key as written, in base64 and in hex; a short key as written (base64 and hex are checked by decoding). */
	private readonly forms: string[];

	/** The forms that hold no other form, and for a short key its base64 cores and hex: enough to tell whether a text may hold the key. */
	private readonly needles: string[];

	private readonly shortest: number;

	private readonly keyBytes: Buffer;

	/** A short key's base64 cores and hex forms. */
	private readonly cores: Base64Core[] = [];
	private readonly hex: string[] = [];

	/** The role id in quotes, as a whole JSON string shows it once unescaped. */
	private readonly quotedRole?: string;

	/** The JSON escapes undone when testing a text (see escapesFor). */
	private readonly escapes: Escapes;

	constructor(
		apiKey: string,
		private readonly roleId: string,
	) {
		this.keyBytes = Buffer.from(apiKey, 'utf8');
		this.short = apiKey.length < WHOLE_TOKEN_BELOW;
		if (apiKey.length < MIN_API_KEY_LENGTH) {
			// Refused before it is sent (connections.ts): no answer can echo it.
			// Stryker disable next-line ArrayDeclaration: any text put here would only match itself; that no text changes for such a key is tested
			this.forms = [];
		} else if (this.short) {
			this.forms = [apiKey];
			this.cores = base64Cores(this.keyBytes);
			this.hex = hexForms(this.keyBytes);
		} else {
			this.forms = [apiKey, ...base64Forms(this.keyBytes), ...hexForms(this.keyBytes)];
		}
		const candidates = [...new Set([...this.forms, ...this.cores.map(({ core }) => core), ...this.hex])];
		// Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression: a form that holds another is found where the other is: more needles, the same answer
		this.needles = candidates.filter((form) => !candidates.some((other) => other !== form && form.includes(other)));
		this.shortest = Math.min(...this.needles.map((form) => form.length));
		// Stryker disable next-line StringLiteral: with an empty needle every answer is walked, and only values equal to the role id change
		if (roleId.length >= MIN_ROLE_LENGTH) this.quotedRole = `"${roleId}"`;
		this.escapes = escapesFor([apiKey, roleId]);
	}

	private holds(text: string): boolean {
		return this.needles.some((needle) => text.includes(needle));
	}

	text(text: string): string {
		// Stryker disable next-line ConditionalExpression,LogicalOperator: a text that cannot hold the key finds no range below
		if (this.needles.length === 0 || text.length < this.shortest) return text;
		const tree = decodingTree(text, this.escapes);
		// Stryker disable next-line ConditionalExpression: without a decoding that holds the key there is no range below
		if (!tree.some((entry) => this.holds(entry.text))) return text;
		// Positions are kept only for the decodings that hold the key (a copy of a large page is not cheap).
		const ranges: Array<[number, number]> = [];
		for (const view of decodedViews(tree, (entry) => this.holds(entry.text), this.escapes)) {
			for (const [start, end] of this.keyRanges(view.text)) ranges.push([view.starts[start], view.ends[end - 1]]);
		}
		// Stryker disable next-line ConditionalExpression: masking no range gives the text back
		return ranges.length === 0 ? text : masked(text, ranges);
	}

	/** Where the key is in `text` (one decoded layer), as [start, end) ranges. */
	private keyRanges(text: string): Array<[number, number]> {
		const found = occurrences(text, this.forms);
		if (!this.short) return found;
		return [
			...found.filter(([start, end]) => standsAlone(text, start, end)),
			...this.base64Ranges(text),
			...this.hexRanges(text),
		];
	}

	/**
	 * A short key in base64 where its bytes stand alone in what the base64 text decodes to. A core
	 * found tells where the 4-character groups start; the bytes around the key are decoded from
	 * the groups before and after it. A base64 character that may also be a separator (`/`, `+`,
	 * `-`, `_`) right before or after the key may end the data there: either reading will do.
	 */
	private base64Ranges(text: string): Array<[number, number]> {
		const ranges: Array<[number, number]> = [];
		const length = this.keyBytes.length;
		for (const { core, offset, first } of this.cores) {
			for (let at = text.indexOf(core); at !== -1; at = text.indexOf(core, at + 1)) {
				const group = at - first;
				let runStart = at;
				while (runStart > 0 && BASE64_CHARACTER.test(text[runStart - 1])) runStart--;
				if (group < runStart) continue;
				let runEnd = at + core.length;
				while (runEnd < text.length && BASE64_CHARACTER.test(text[runEnd])) runEnd++;
				const endByte = offset + length;
				const keyEnd = group + Math.ceil((8 * endByte) / 6);
				if (keyEnd > runEnd) continue;
				// One whole group before the key's, when the run has one; fewer characters than a group
				// before it cannot be read in step with it.
				const windowStart = group - 4 >= runStart ? group - 4 : group;
				const unreadableBefore = windowStart === group && group > runStart;
				const windowEnd = Math.min(runEnd, group + 4 * Math.ceil(endByte / 3) + 4);
				const bytes = Buffer.from(text.slice(windowStart, windowEnd), 'base64');
				const keyAt = ((group - windowStart) / 4) * 3 + offset;
				if (!bytes.subarray(keyAt, keyAt + length).equals(this.keyBytes)) continue;
				const dataStartsHere = offset === 0 && group > runStart && BASE64_SEPARATORS.has(text[group - 1]);
				const dataEndsHere = keyEnd < runEnd && BASE64_SEPARATORS.has(text[keyEnd]);
				const byteIn = (cutBefore: boolean, cutAfter: boolean) => (index: number) => {
					if ((cutBefore && index < 0) || (cutAfter && index >= length)) return undefined;
					return index < -offset && unreadableBefore ? WORD_BYTE : bytes[keyAt + index];
				};
				const alone = [false, dataStartsHere].some((cutBefore) =>
					[false, dataEndsHere].some((cutAfter) => bytesStandAlone(byteIn(cutBefore, cutAfter), length)),
				);
				if (!alone) continue;
				let end = keyEnd;
				if (end === runEnd) while (end < text.length && end < runEnd + 2 && text[end] === '=') end++;
				ranges.push([group + Math.floor((8 * offset) / 6), end]);
			}
		}
		return ranges;
	}

	/** A short key in hex (at an even digit of a run of hex digits) where its bytes stand alone among the run's. */
	private hexRanges(text: string): Array<[number, number]> {
		const ranges: Array<[number, number]> = [];
		for (const form of this.hex) {
			for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
				let runStart = at;
				while (runStart > 0 && HEX_DIGIT.test(text[runStart - 1])) runStart--;
				let runEnd = at + form.length;
				while (runEnd < text.length && HEX_DIGIT.test(text[runEnd])) runEnd++;
				// Stryker disable next-line ArithmeticOperator: a sum and a difference have the same parity
				if ((at - runStart) % 2 !== 0) continue;
				const byte = (index: number) => {
					const from = at + 2 * index;
					return from >= runStart && from + 2 <= runEnd ? parseInt(text.slice(from, from + 2), 16) : undefined;
				};
				if (bytesStandAlone(byte, this.keyBytes.length)) ranges.push([at, at + form.length]);
			}
		}
		return ranges;
	}

	answerText(text: string): string {
		return this.quotedRole !== undefined && text === this.roleId ? MASK : this.text(text);
	}

	data<T>(value: T, raw: string, options?: RedactOptions): T {
		const quotedRole = options?.roleIdsAreData ? undefined : this.quotedRole;
		// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: an answer that cannot hold the key and need not be searched for the role id comes out of the walk unchanged
		if (quotedRole === undefined && (this.needles.length === 0 || raw.length < this.shortest)) return value;
		// Raw JSON decoded layer by layer, once for both tests: its strings' contents show in it.
		const decoded = decodingTree(raw, this.escapes).map((entry) => entry.text);
		// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: redacting a string without the key gives it back
		const key = this.needles.length > 0 && decoded.some((text) => this.holds(text));
		const role = quotedRole !== undefined && decoded.some((text) => text.includes(quotedRole));
		// Stryker disable next-line ConditionalExpression: a walk of an answer with neither changes nothing
		if (!key && !role) return value;
		const string = (text: string, isValue: boolean) => {
			if (isValue && role && text === this.roleId) return MASK;
			return key ? this.text(text) : text;
		};
		if (typeof value === 'string') return string(value, true) as T;
		// Walked with a stack, not recursion: an answer nested 100,000 levels deep must not overflow it.
		const stack: unknown[] = [value];
		while (stack.length > 0) {
			const container = stack.pop();
			// Stryker disable next-line ConditionalExpression,LogicalOperator: only objects are put on the stack
			if (container === null || typeof container !== 'object') continue;
			// Stryker disable next-line BlockStatement: an array walked as an object, by its indexes, comes out the same
			if (Array.isArray(container)) {
				// Stryker disable next-line EqualityOperator: the item past the end is undefined, which is left
				for (let i = 0; i < container.length; i++) {
					const item: unknown = container[i];
					if (typeof item === 'string') container[i] = string(item, true);
					// Stryker disable next-line ConditionalExpression,LogicalOperator: what is not an object is taken off the stack unread
					if (item !== null && typeof item === 'object') stack.push(item);
				}
				continue;
			}
			const object = container as Record<string, unknown>;
			const entries = Object.entries(object);
			// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BooleanLiteral: properties defined again in their order are the same properties
			const renamed = key && entries.some(([name]) => string(name, false) !== name);
			if (renamed) for (const [name] of entries) delete object[name];
			for (const [name, item] of entries) {
				const redacted = typeof item === 'string' ? string(item, true) : item;
				// Stryker disable next-line ConditionalExpression,LogicalOperator: what is not an object is taken off the stack unread
				if (item !== null && typeof item === 'object') stack.push(item);
				// defineProperty: a key `__proto__` stays an own property, as JSON.parse made it.
				// Stryker disable next-line ConditionalExpression: defining a property that is there already sets its value
				if (renamed) {
					Object.defineProperty(object, string(name, false), {
						value: redacted,
						enumerable: true,
						writable: true,
						configurable: true,
					});
					continue;
				}
				// Stryker disable next-line ConditionalExpression: setting a property to its own value changes nothing
				if (redacted !== item) object[name] = redacted;
			}
		}
		return value;
	}
}

const redactors = new WeakMap<object, Redactor>();

/** The redactor of a credential's secrets; one per credentials object. */
export function redactorFor(credentials: Pick<NextAuthCredentials, 'apiKey' | 'roleId'>): Redact {
	let redactor = redactors.get(credentials);
	// Stryker disable next-line ConditionalExpression: a redactor made again for the same credentials is the same redactor
	if (!redactor) {
		redactor = new Redactor(credentials.apiKey, credentials.roleId);
		redactors.set(credentials, redactor);
	}
	return redactor;
}
