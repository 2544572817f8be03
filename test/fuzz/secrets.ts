/**
 * Finding a secret in text, in any spelling that decodes to it: as written, JSON-escaped (`\/`,
 * `\u00XX`, in part or whole), percent-encoded (either case, in part or whole) and base64
 * (standard, URL-safe, with or without padding, at any alignment inside a longer base64 text).
 */

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

/** Each decoding a reader might apply, alone and chained. */
function decodings(text: string): string[] {
	const unescaped = jsonUnescape(text);
	const decoded = percentDecode(text);
	return [text, unescaped, decoded, percentDecode(unescaped), jsonUnescape(decoded)];
}

/**
 * The parts of the secret's base64 that do not depend on what surrounds it: for each of the
 * three alignments, the characters made only of the secret's own bytes.
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const cores = new Set<string>();
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
		const start = offset === 0 ? 0 : 4;
		const end = Math.floor((offset + bytes.length) / 3) * 4;
		const core = encoded.slice(start, end);
		if (core.length >= 8) {
			cores.add(core);
			cores.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
		}
	}
	return [...cores];
}

/**
 * The secret with each character written as itself, percent-encoded (either case) or as a JSON
 * escape, independently: catches spellings that decoding the whole text would miss (a key with
 * a `%` of its own, partly encoded).
 */
function mixedSpelling(secret: string): RegExp {
	const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
	// Hex digits in either case, the rest as it is.
	const hex = (value: number, width: number) =>
		value
			.toString(16)
			.padStart(width, '0')
			.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
	const parts = [...secret].map((character) => {
		const percent = [...Buffer.from(character, 'utf8')].map((byte) => `%${hex(byte, 2)}`).join('');
		const units = character
			.split('')
			.map((unit) => `\\\\u${hex(unit.charCodeAt(0), 4)}`)
			.join('');
		const alternatives = [escapeRegExp(character), percent, units];
		if (character === '/') alternatives.push('\\\\/');
		return `(?:${alternatives.join('|')})`;
	});
	return new RegExp(parts.join(''));
}

export interface SecretFinder {
	/** The spelling the secret was found in, or undefined. */
	find(text: string): string | undefined;
}

/** A finder for `secret`; secrets shorter than 4 characters are not looked for (they occur by chance). */
export function secretFinder(secret: string): SecretFinder {
	if (secret.length < 4) return { find: () => undefined };
	const cores = base64Cores(secret);
	const mixed = mixedSpelling(secret);
	return {
		find(text) {
			if (!text) return undefined;
			const forms = decodings(text);
			if (forms[0].includes(secret)) return 'plain';
			if (forms.some((form) => form.includes(secret)) || mixed.test(text)) return 'escaped or percent-encoded';
			if (cores.some((core) => text.includes(core))) return 'base64';
			return undefined;
		},
	};
}

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

/** Every spelling the fuzz's echo behaviours give the key (see model.ts, EchoForm). */
export function encodeEcho(secret: string, form: string): string {
	const bytes = Buffer.from(secret, 'utf8');
	const every = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
	switch (form) {
		case 'plain':
			return secret;
		case 'json-slash':
			return secret.replace(/\//g, '\\/');
		case 'json-unicode':
			return [...secret].map((character) => (character.length === 1 ? every(character) : character)).join('');
		case 'json-unicode-some':
			return [...secret].map((character, index) => (index % 2 === 0 && character.length === 1 ? every(character) : character)).join('');
		case 'pct-upper':
			return [...bytes].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
		case 'pct-lower':
			return encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
		case 'pct-some':
			return [...secret].map((character, index) => (index % 3 === 0 ? encodeURIComponent(character) : character)).join('');
		case 'base64':
			return bytes.toString('base64');
		case 'base64url':
			return bytes.toString('base64url');
		case 'base64-unpadded':
			return bytes.toString('base64').replace(/=+$/, '');
		default:
			throw new Error(`unknown echo form ${form}`);
	}
}

/** Whether `form` is written inside a JSON string as is (escapes) or is already JSON-escaped text. */
export function isJsonEscapeForm(form: string): boolean {
	return form === 'json-slash' || form === 'json-unicode' || form === 'json-unicode-some';
}
