/**
 * Keeps the credential's API key out of everything the package shows: items made of answers,
 * error messages and descriptions.
 *
 * Answers are redacted after they are decoded, never in their raw text: a JSON answer may write
 * the key with `\/` or `\u00XX` escapes that only parsing turns back into the key, and replacing
 * text inside raw JSON corrupts it (a role id `1700` turned `1700000000000` into `***000000000`).
 * So a JSON answer is parsed first and its strings are redacted one by one; a text that is not
 * JSON (an error body, a network error's detail) is searched in every spelling that decodes to
 * the key: as written, JSON-escaped, percent-encoded (either case, wholly or partly, also twice),
 * and base64 (standard and URL-safe, with or without padding, at any byte offset in a larger
 * blob).
 *
 * The Role ID is an identifier, not a password: it is replaced only where a whole string value
 * of an answer equals it, never inside other text (a user `admin@corp.com` stays itself when
 * the role id is `admin`).
 */
import type { NextAuthCredentials } from './credentials';

/** Secrets shorter than this are not redacted: a one-letter key would blank out every text. */
export const MIN_SECRET_LENGTH = 4;

/** What replaces a secret. */
export const MASK = '***';

/** Base64 runs shorter than this are not searched: a few characters occur in any blob by chance. */
const MIN_BASE64_LENGTH = 6;

/** How many layers of escaping are undone (e.g. percent-encoded text inside a JSON string: 2). */
const MAX_DECODE_LAYERS = 4;

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
	data<T>(value: T, raw: string): T;
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
	for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
		if (HEX.test(text.slice(at + 1, at + 3))) return true;
	}
	return false;
}
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function jsonUnescape(escape: string): string {
	return escape[1] === 'u' ? String.fromCharCode(parseInt(escape.slice(2), 16)) : SIMPLE_ESCAPES[escape[1]];
}

/**
 * A run of `%XX` bytes decoded as UTF-8, as pieces: each decoded character or kept byte, with
 * how many `%XX` triplets it took. Bytes that are no valid UTF-8 stay as their `%XX` text.
 */
function decodePercentRun(run: string): Array<[piece: string, triplets: number]> {
	const bytes = new Array<number>(run.length / 3);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
	const pieces: Array<[string, number]> = [];
	for (let i = 0; i < bytes.length; ) {
		const byte = bytes[i];
		const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
		let codePoint = length === 1 ? byte : length === 0 ? -1 : byte & (0xff >> (length + 1));
		for (let k = 1; k < length && codePoint >= 0; k++) {
			const next = bytes[i + k];
			codePoint = next !== undefined && (next & 0xc0) === 0x80 ? (codePoint << 6) | (next & 0x3f) : -1;
		}
		const minimum = [0, 0, 0x80, 0x800, 0x10000][length];
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

/**
 * The text with one layer of JSON escapes (those `escapes` matches) or of percent-encoding
 * undone; undefined if there is none.
 */
function decodedText(text: string, layer: 'json' | 'percent', escapes: Escapes): string | undefined {
	if (layer === 'json') {
		if (!text.includes('\\')) return undefined;
		// Without an escaped backslash every `\/` and `\"` is an escape of its own: replaced
		// without a call per escape, which keeps a page from a PHP API (every `/` escaped) fast.
		if (!text.includes('\\\\')) return text.replaceAll('\\/', '/').replaceAll('\\"', '"').replace(escapes.rest, jsonUnescape);
		return text.replace(escapes.all, jsonUnescape);
	}
	return hasPercentByte(text)
		? text.replace(PERCENT_RUN, (run) => decodePercentRun(run).map(([piece]) => piece).join(''))
		: undefined;
}

interface Escapes {
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
			for (let i = 0; i < char.length; i++) {
				const unit = char.charCodeAt(i);
				if (unit < 0x20 || unit > 0x7f) others.add(unit.toString(16).padStart(4, '0').replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`));
			}
		}
	}
	const units = ['00[2-7][0-9a-fA-F]', ...others].join('|');
	return {
		all: new RegExp(`\\\\(?:["\\\\/bfnrt]|u(?:${units}))`, 'g'),
		rest: new RegExp(`\\\\(?:[bfnrt]|u(?:${units}))`, 'g'),
	};
}

/** The same decoding as `decodedText`, keeping where each unit came from. */
function decodedView(view: View, layer: 'json' | 'percent'): View {
	const { text } = view;
	const pattern = layer === 'json' ? JSON_ESCAPE : PERCENT_RUN;
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

/** The layers tried, in order: JSON escapes and percent-encoding, alternately, each on the last. */
const LAYERS = Array.from({ length: MAX_DECODE_LAYERS }, (_, i): 'json' | 'percent' => (i % 2 === 0 ? 'json' : 'percent'));

/** The text as written and every decoded layer that differs from the one before, up to two layers that change nothing. */
function decodedTexts(text: string, escapes: Escapes): string[] {
	const texts = [text];
	let current = text;
	let unchanged = 0;
	for (let i = 0; i < LAYERS.length && unchanged < 2; i++) {
		const next = decodedText(current, LAYERS[i], escapes);
		if (next === undefined || next === current) {
			unchanged++;
			continue;
		}
		unchanged = 0;
		texts.push(next);
		current = next;
	}
	return texts;
}

function identityView(text: string): View {
	const starts = new Int32Array(text.length);
	const ends = new Int32Array(text.length);
	for (let i = 0; i < text.length; i++) {
		starts[i] = i;
		ends[i] = i + 1;
	}
	return { text, starts, ends };
}

function decodedViews(text: string): View[] {
	const views = [identityView(text)];
	let current = views[0];
	for (const layer of LAYERS) {
		if (layer === 'json' ? !current.text.includes('\\') : !hasPercentByte(current.text)) continue;
		const next = decodedView(current, layer);
		if (next.text !== current.text) {
			views.push(next);
			current = next;
		}
	}
	return views;
}

/**
 * The base64 spellings of `secret`'s UTF-8 bytes: whole (padded and not), and for each of the
 * three byte offsets it may have inside a larger blob, the characters that depend on its bytes
 * alone; each in the standard and the URL-safe alphabet.
 */
function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms = new Set<string>();
	const whole = bytes.toString('base64');
	forms.add(whole);
	forms.add(whole.replace(/=+$/, ''));
	for (let offset = 0; offset < 3; offset++) {
		const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
		// Character j holds bits [6j, 6j + 6); the secret holds bits [8 * offset, 8 * (offset + length)).
		const first = Math.ceil((8 * offset) / 6);
		const last = Math.floor((8 * (offset + bytes.length)) / 6); // exclusive
		const core = padded.slice(first, last);
		if (core.length >= MIN_BASE64_LENGTH) forms.add(core);
	}
	for (const form of [...forms]) forms.add(form.replace(/\+/g, '-').replace(/\//g, '_'));
	return [...forms].filter((form) => form.length >= MIN_BASE64_LENGTH);
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
	for (let i = 0; i < ranges.length; ) {
		const start = ranges[i][0];
		let end = ranges[i][1];
		for (i++; i < ranges.length && ranges[i][0] < end; i++) end = Math.max(end, ranges[i][1]);
		parts.push(text.slice(copied, start), MASK);
		copied = end;
	}
	parts.push(text.slice(copied));
	return parts.join('');
}

class Redactor implements Redact {
	/** The key as written and in base64; every other spelling is found by decoding the text. */
	private readonly forms: string[];

	/** The forms that hold no other form: enough to tell whether a text holds any. */
	private readonly needles: string[];

	private readonly shortest: number;

	/** The role id in quotes, as a whole JSON string shows it once unescaped. */
	private readonly quotedRole?: string;

	/** The JSON escapes undone when testing a text (see escapesFor). */
	private readonly escapes: Escapes;

	constructor(
		apiKey: string,
		private readonly roleId: string,
	) {
		this.forms = apiKey.length < MIN_SECRET_LENGTH ? [] : [apiKey, ...base64Forms(apiKey)];
		this.needles = this.forms.filter((form) => !this.forms.some((other) => other !== form && form.includes(other)));
		this.shortest = Math.min(...this.needles.map((form) => form.length));
		if (roleId.length >= MIN_SECRET_LENGTH) this.quotedRole = `"${roleId}"`;
		this.escapes = escapesFor([apiKey, roleId]);
	}

	private holdsKey(decoded: string[]): boolean {
		return decoded.some((text) => this.needles.some((needle) => text.includes(needle)));
	}

	/** Whether any decoding of `text` holds the key: a cheap test, made before any copy with positions. */
	mentionsKey(text: string): boolean {
		if (this.needles.length === 0 || text.length < this.shortest) return false;
		return this.holdsKey(decodedTexts(text, this.escapes));
	}

	text(text: string): string {
		if (!this.mentionsKey(text)) return text;
		const ranges: Array<[number, number]> = [];
		for (const view of decodedViews(text)) {
			for (const [start, end] of occurrences(view.text, this.forms)) ranges.push([view.starts[start], view.ends[end - 1]]);
		}
		return masked(text, ranges);
	}

	answerText(text: string): string {
		return this.quotedRole !== undefined && text === this.roleId ? MASK : this.text(text);
	}

	data<T>(value: T, raw: string): T {
		if (this.quotedRole === undefined && (this.needles.length === 0 || raw.length < this.shortest)) return value;
		// Raw JSON decoded layer by layer, once for both tests: its strings' contents show in it.
		const decoded = decodedTexts(raw, this.escapes);
		const key = this.needles.length > 0 && this.holdsKey(decoded);
		const { quotedRole } = this;
		const role = quotedRole !== undefined && decoded.some((text) => text.includes(quotedRole));
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
			if (container === null || typeof container !== 'object') continue;
			if (Array.isArray(container)) {
				for (let i = 0; i < container.length; i++) {
					const item: unknown = container[i];
					if (typeof item === 'string') container[i] = string(item, true);
					else if (item !== null && typeof item === 'object') stack.push(item);
				}
				continue;
			}
			const object = container as Record<string, unknown>;
			const entries = Object.entries(object);
			const renamed = key && entries.some(([name]) => string(name, false) !== name);
			if (renamed) for (const [name] of entries) delete object[name];
			for (const [name, item] of entries) {
				const redacted = typeof item === 'string' ? string(item, true) : item;
				if (item !== null && typeof item === 'object') stack.push(item);
				// defineProperty: a key `__proto__` stays an own property, as JSON.parse made it.
				if (renamed) Object.defineProperty(object, string(name, false), { value: redacted, enumerable: true, writable: true, configurable: true });
				else if (redacted !== item) object[name] = redacted;
			}
		}
		return value;
	}
}

const redactors = new WeakMap<object, Redactor>();

/** The redactor of a credential's secrets; one per credentials object. */
export function redactorFor(credentials: Pick<NextAuthCredentials, 'apiKey' | 'roleId'>): Redact {
	let redactor = redactors.get(credentials);
	if (!redactor) {
		redactor = new Redactor(credentials.apiKey, credentials.roleId);
		redactors.set(credentials, redactor);
	}
	return redactor;
}
