/**
 * Finding a secret in text, in any spelling that decodes to it, and making the spellings the
 * fuzz's server echoes. Written apart from the package's redaction (nodes/shared/transport/
 * redaction.ts), from the promise in README's Security section, so that a fault of the one is
 * not a fault of the other:
 *
 * - spellings: as written, JSON-escaped (`\/`, `\u00XX`, `\"`, in part or whole), percent-encoded
 *   (either case, in part or whole, also twice), HTML character references (decimal, hex, named,
 *   with or without `;`, also escaped twice as `&amp;#47;`), any of these inside another, hex
 *   (either case) and base64 (standard or URL-safe, padded or not, at any byte offset in a larger
 *   blob);
 * - a key of 16 characters or more must be hidden wherever it occurs, also lower-cased (what a
 *   host name or a header's normalisation makes of it); a shorter one only where it
 *   stands alone (no letter, digit or `_` next to it, nor one of `.-@+~`): `find` reports only
 *   those, `mayHold` every text the package may change because of the key (to compare data).
 */

/** Keys shorter than this are hidden only where they stand alone (README, Security). */
export const STAND_ALONE_BELOW = 16;

/** Secrets shorter than this are not looked for: the package refuses keys of 1 to 3 characters. */
const MIN_SECRET_LENGTH = 4;

/** How many layers of escaping the finder undoes, in any order (the server nests at most three). */
const MAX_LAYERS = 4;

// --- decoding ------------------------------------------------------------------------------------

/** Turns JSON escapes back into characters (`\/`, `\uXXXX`, `\\`, `\"`), leaving other text as is. */
function jsonUnescape(text: string): string {
	return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_, escape: string) => {
		if (escape[0] === 'u') return String.fromCharCode(parseInt(escape.slice(1), 16));
		return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ?? escape;
	});
}

/** Decodes every run of `%XX` (either case) as UTF-8 bytes; anything else stays. */
function percentDecode(text: string): string {
	return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** HTML's named references of printable ASCII and a few others (WHATWG's table); the legacy ones are read without `;` too. */
const NAMED: Record<string, string> = {
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
	Tab: '\t',
	NewLine: '\n',
};
const LEGACY = new Set(['amp', 'AMP', 'lt', 'LT', 'gt', 'GT', 'quot', 'QUOT', 'nbsp']);

function htmlDecode(text: string): string {
	return text.replace(
		/&(?:#[xX]([0-9a-fA-F]{1,6});?|#([0-9]{1,7});?|([A-Za-z]+)(;?))/g,
		(reference, hex?: string, decimal?: string, name?: string, semicolon?: string) => {
			if (name !== undefined)
				return Object.hasOwn(NAMED, name) && (semicolon === ';' || LEGACY.has(name)) ? NAMED[name] : reference;
			const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
			return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
				? String.fromCodePoint(code)
				: reference;
		},
	);
}

const DECODERS: Array<[test: string, decode: (text: string) => string]> = [
	['\\', jsonUnescape],
	['%', percentDecode],
	['&', htmlDecode],
];

/** The text and every text one to MAX_LAYERS decodings of it make, in any order. */
function decodings(text: string): string[] {
	const all = new Set([text]);
	let layer = [text];
	for (let depth = 0; depth < MAX_LAYERS && layer.length > 0; depth++) {
		const next: string[] = [];
		for (const current of layer) {
			for (const [test, decode] of DECODERS) {
				if (!current.includes(test)) continue;
				const decoded = decode(current);
				if (!all.has(decoded)) {
					all.add(decoded);
					next.push(decoded);
				}
			}
		}
		layer = next;
	}
	return [...all];
}

// --- standing alone ------------------------------------------------------------------------------

const WORD = /^[\p{L}\p{N}\p{M}_]$/u;
const JOINERS = new Set(['.', '-', '@', '+', '~']);

/** A neighbour that may join the secret into a longer word (a joiner, even one with nothing word-like beyond it). */
const joins = (neighbour: string | undefined) =>
	neighbour !== undefined && (WORD.test(neighbour) || JOINERS.has(neighbour));

/** The character (code point) that ends at `index` in `text`, or starts there. */
function characterBefore(text: string, index: number): string | undefined {
	if (index <= 0) return undefined;
	const low = text.charCodeAt(index - 1);
	return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.slice(index - 2, index) : text[index - 1];
}
function characterAt(text: string, index: number): string | undefined {
	return index < text.length ? String.fromCodePoint(text.codePointAt(index)!) : undefined;
}

/** Whether `secret` occurs in `text` with nothing next to it that joins it into a longer word. */
function standsAloneIn(text: string, secret: string): boolean {
	for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
		if (!joins(characterBefore(text, at)) && !joins(characterAt(text, at + secret.length))) return true;
	}
	return false;
}

/** Bytes as text for the stand-alone test: bytes that are not printable ASCII (or a tab or line break) become a letter, which joins. */
function bytesAsText(bytes: Buffer): string {
	let text = '';
	for (const byte of bytes)
		text +=
			byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f)
				? String.fromCharCode(byte)
				: 'Z';
	return text;
}

// --- hex and base64 ------------------------------------------------------------------------------

/**
 * The parts of the secret's base64 that do not depend on what surrounds it: for each of the
 * three byte offsets, the characters made only of the secret's own bytes, in both alphabets.
 */
function base64Cores(bytes: Buffer): string[] {
	const cores = new Set<string>();
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(3)]).toString('base64');
		const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
		if (core.length >= 4) {
			cores.add(core);
			cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
		}
	}
	return [...cores];
}

const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;
const HEX_RUN = /[0-9a-fA-F]+/g;

/**
 * What the base64 runs of `text` that hold a core decode to: each read from its start and from
 * after each `/`, `+`, `-` or `_` in it (a separator in a path or a list, not base64).
 */
function base64Decodings(text: string, cores: string[]): Buffer[] {
	if (!cores.some((core) => text.includes(core))) return [];
	const decoded: Buffer[] = [];
	for (const [run] of text.matchAll(BASE64_RUN)) {
		if (!cores.some((core) => run.includes(core))) continue;
		const starts = [0, ...[...run.matchAll(/[+/_-]/g)].map((match) => match.index + 1)];
		for (const start of starts) decoded.push(Buffer.from(run.slice(start), 'base64'));
	}
	return decoded;
}

/**
 * What the hex runs of `text` that hold the secret's hex decode to. A run of an odd number of
 * digits is not read: which digit starts a byte is anyone's guess.
 */
function hexDecodings(text: string, forms: string[]): Buffer[] {
	if (!forms.some((form) => text.includes(form))) return [];
	const decoded: Buffer[] = [];
	for (const [run] of text.matchAll(HEX_RUN)) {
		if (run.length % 2 === 0 && forms.some((form) => run.includes(form))) decoded.push(Buffer.from(run, 'hex'));
	}
	return decoded;
}

// --- the finder ----------------------------------------------------------------------------------

export interface SecretFinder {
	/** The spelling in which `text` shows the secret where it must be hidden, or undefined. */
	find(text: string): string | undefined;
	/** Whether `text` holds the secret in any spelling, also inside a longer word or blob (the package may change it). */
	mayHold(text: string): boolean;
}

export interface FinderOptions {
	/** Secrets shorter than this count only where they stand alone (0: everywhere). */
	standAloneBelow?: number;
}

/** A finder for `secret`; secrets shorter than 4 characters are not looked for (they occur by chance). */
export function secretFinder(secret: string, options: FinderOptions = {}): SecretFinder {
	if (secret.length < MIN_SECRET_LENGTH) return { find: () => undefined, mayHold: () => false };
	const alone = secret.length < (options.standAloneBelow ?? 0);
	const bytes = Buffer.from(secret, 'utf8');
	const cores = base64Cores(bytes);
	const hex = [...new Set([bytes.toString('hex'), bytes.toString('hex').toUpperCase()])];
	// A long secret's base64 core or hex shows it wherever it is; a short one's is decoded to see what is around it.
	const longCores = cores.filter((core) => core.length >= 8);
	const asText = /^[\x20-\x7e]*$/.test(secret);
	const inText = (text: string) => (alone ? standsAloneIn(text, secret) : text.includes(secret));
	// Lower-cased (a host name, a Content-Encoding): all of a long secret but the case of its letters.
	const folded = !alone && secret.toLowerCase() !== secret ? secret.toLowerCase() : undefined;
	const inBytes = (decoded: Buffer[]) =>
		decoded.some((each) => (asText ? inText(bytesAsText(each)) : each.includes(bytes)));
	return {
		find(text) {
			if (!text || text.length < 4) return undefined;
			const texts = decodings(text);
			if (inText(text)) return 'plain';
			if (texts.some(inText)) return 'escaped (JSON, percent, HTML)';
			if (alone) {
				if (texts.some((each) => inBytes(hexDecodings(each, hex)))) return 'hex';
				if (texts.some((each) => inBytes(base64Decodings(each, cores)))) return 'base64';
			} else {
				if (texts.some((each) => hex.some((form) => each.includes(form)))) return 'hex';
				if (longCores.length > 0 && texts.some((each) => longCores.some((core) => each.includes(core))))
					return 'base64';
				if (folded !== undefined && text.toLowerCase().includes(folded)) return 'lower-cased';
			}
			return undefined;
		},
		mayHold(text) {
			if (!text || text.length < 4) return false;
			return decodings(text).some(
				(each) =>
					each.includes(secret) || hex.some((form) => each.includes(form)) || cores.some((core) => each.includes(core)),
			);
		},
	};
}

/** A text is the role id: the package hides a string of an answer that is the role id as a whole (redaction.ts). */
export function roleFinder(roleId: string): SecretFinder {
	if (roleId.length < MIN_SECRET_LENGTH) return { find: () => undefined, mayHold: () => false };
	return {
		find: (text) => (text === roleId ? 'the whole value' : undefined),
		mayHold: (text) => text === roleId,
	};
}

// --- where secrets are looked for ------------------------------------------------------------------

/** A place in a value and the text there. */
export interface TextAt {
	at: string;
	text: string;
}

/**
 * Every text in `value` with where it is: strings, object keys, and of errors their message,
 * description, cause and other own fields (the stack is left out: it repeats the message). The
 * bytes of binary data (`data` beside a `mimeType`) are not text and are skipped.
 */
export function textsIn(value: unknown, at = '$', out: TextAt[] = [], seen = new Set<unknown>()): TextAt[] {
	if (typeof value === 'string') {
		out.push({ at, text: value });
		return out;
	}
	if (value === null || typeof value !== 'object' || seen.has(value)) return out;
	if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return out;
	seen.add(value);
	if (value instanceof Error) {
		out.push({ at: `${at}.message`, text: value.message });
		const extra = value as Error & { description?: unknown; cause?: unknown };
		textsIn(extra.description, `${at}.description`, out, seen);
		textsIn(extra.cause, `${at}.cause`, out, seen);
	}
	const isBinary = 'mimeType' in value && 'data' in value;
	for (const [key, child] of Object.entries(value)) {
		if (key === 'stack' || (isBinary && key === 'data')) continue;
		out.push({ at: `${at}[key]`, text: key });
		textsIn(child, `${at}.${key}`, out, seen);
	}
	return out;
}

/** Where `finder`'s secret shows in `value`, if anywhere. */
export function findIn(value: unknown, finder: SecretFinder): { at: string; form: string; text: string } | undefined {
	for (const { at, text } of textsIn(value)) {
		const form = finder.find(text);
		if (form) return { at, form, text: text.length > 200 ? `${text.slice(0, 200)}…` : text };
	}
	return undefined;
}

// --- the spellings the server echoes -------------------------------------------------------------

/** The echo forms (model.ts EchoForm) written raw between the quotes of a JSON string: they are JSON escapes themselves. */
const JSON_FORMS = new Set(['json-slash', 'json-unicode', 'json-unicode-some', 'pct-in-json']);

/** Whether `form` is written inside a JSON string as is (escapes) or is already JSON-escaped text. */
export function isJsonEscapeForm(form: string): boolean {
	return JSON_FORMS.has(form);
}

const unicodeEscape = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
const percentEscapes = (text: string, upper: boolean) =>
	[...Buffer.from(text, 'utf8')]
		.map((byte) => `%${upper ? byte.toString(16).toUpperCase().padStart(2, '0') : byte.toString(16).padStart(2, '0')}`)
		.join('');
/** Named references the server writes, for the characters that have one. */
const NAME_OF: Record<string, string> = {
	'&': 'amp',
	'<': 'lt',
	'>': 'gt',
	'"': 'quot',
	"'": 'apos',
	'/': 'sol',
	'+': 'plus',
	'=': 'equals',
	'%': 'percnt',
	'#': 'num',
	'?': 'quest',
	':': 'colon',
	';': 'semi',
	'@': 'commat',
	'!': 'excl',
	'(': 'lpar',
	')': 'rpar',
	'*': 'ast',
	',': 'comma',
	'.': 'period',
	'[': 'lsqb',
	']': 'rsqb',
	'{': 'lcub',
	'}': 'rcub',
	'|': 'verbar',
	'\\': 'bsol',
	'^': 'Hat',
	_: 'lowbar',
	'`': 'grave',
	$: 'dollar',
};
/** What an HTML template escapes. */
const htmlEscape = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
	);

/** Every spelling the fuzz's echo behaviours give a secret (see model.ts, EchoForm). */
export function encodeEcho(secret: string, form: string): string {
	const bytes = Buffer.from(secret, 'utf8');
	const characters = [...secret];
	/** The JSON string contents of a character (escaped where JSON must escape it). */
	const jsonCharacter = (character: string) => JSON.stringify(character).slice(1, -1);
	switch (form) {
		case 'plain':
			return secret;
		case 'json-slash':
			return JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/');
		case 'json-unicode':
			return secret.split('').map(unicodeEscape).join('');
		case 'json-unicode-some':
			return characters
				.map((character, index) =>
					index % 2 === 0 ? character.split('').map(unicodeEscape).join('') : jsonCharacter(character),
				)
				.join('');
		case 'pct-upper':
			return percentEscapes(secret, true);
		case 'pct-lower':
			return percentEscapes(secret, false);
		case 'pct-some':
			// Every third character and every `%` encoded (a `%` left as it is would be read as the start of an escape).
			return characters
				.map((character, index) =>
					index % 3 === 0 || character === '%'
						? encodeURIComponent(character).replace(/[!'()*]/g, (c) => percentEscapes(c, true))
						: character,
				)
				.join('');
		case 'pct-twice':
			return encodeURIComponent(percentEscapes(secret, true));
		case 'pct-in-json':
			// Percent-encoded, then every character of that as a JSON \u escape: two layers.
			return percentEscapes(secret, false).split('').map(unicodeEscape).join('');
		case 'html-decimal':
			return characters.map((character) => `&#${character.codePointAt(0)};`).join('');
		case 'html-hex':
			return characters
				.map((character, index) => `&#${index % 2 === 0 ? 'x' : 'X'}${character.codePointAt(0)!.toString(16)};`)
				.join('');
		case 'html-named':
			return characters
				.map((character) =>
					Object.hasOwn(NAME_OF, character) ? `&${NAME_OF[character]};` : `&#${character.codePointAt(0)};`,
				)
				.join('');
		case 'html-no-semicolon':
			// `&#75&#69`: each reference ends where the next begins; the last one is followed by text that is no digit.
			return characters.map((character) => `&#${character.codePointAt(0)}`).join('');
		case 'html-escaped':
			return htmlEscape(secret);
		case 'html-twice':
			return htmlEscape(characters.map((character) => `&#${character.codePointAt(0)};`).join(''));
		case 'html-pct':
			// A link in a web page: percent-encoded, the `%` as `&percnt;` every other time.
			return percentEscapes(secret, true).replace(/%/g, (percent, at: number) => (at % 6 === 0 ? '&percnt;' : percent));
		case 'hex-lower':
			return bytes.toString('hex');
		case 'hex-upper':
			return bytes.toString('hex').toUpperCase();
		case 'base64':
			return bytes.toString('base64');
		case 'base64url':
			return bytes.toString('base64url');
		case 'base64-unpadded':
			return bytes.toString('base64').replace(/=+$/, '');
		case 'base64-basic':
			// HTTP Basic credentials echoed: the key one byte offset into the blob.
			return `Basic ${Buffer.from(`user:${secret}`).toString('base64')}`;
		case 'base64-inner':
			return Buffer.from(`key ${secret}\n`).toString('base64');
		default:
			throw new Error(`unknown echo form ${form}`);
	}
}
