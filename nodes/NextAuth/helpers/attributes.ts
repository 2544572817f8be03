/**
 * Attributes of a user, of the server or of the tenant: the keys and values an item gives (fields or JSON), checked before any
 * request, and the API's answer read into one shape, an object of key → value.
 */
import type { IDataObject } from 'n8n-workflow';

import { readUserId, userNotFound } from '../../shared/helpers/ids';
import type { ItemContext } from '../../shared/helpers/interfaces';
import type { ParameterCheck } from '../../shared/helpers/validation';
import { pathSegment, type NextAuthRequest, type NextAuthResponse } from '../../shared/transport';
import { NextAuthResponseError, quote } from '../../shared/transport/errors';
import { parseJson } from '../../shared/transport/json';
import { UNPAIRED_SURROGATE } from '../../shared/transport/wire';

/** The most bytes of attributes one write sends, as its JSON body: free key/value data, not files. */
export const MAX_ATTRIBUTES_BYTES = 64 * 1024;

/**
 * Text longer than this is refused before it is parsed. Looser than MAX_ATTRIBUTES_BYTES, so that
 * pretty-printed JSON whose compact form fits is not refused for its whitespace.
 */
const MAX_ATTRIBUTES_TEXT_LENGTH = 4 * MAX_ATTRIBUTES_BYTES;

export const LABELS = {
	fields: 'Attributes',
	json: 'Attributes (JSON)',
	key: 'Attribute Key',
} as const;

/** The attributes a write sends: key → text value. */
export type Attributes = Record<string, string>;

/**
 * Why `key` cannot be an attribute key (a sentence after the field's name), or undefined when it
 * can. Every key must be one that Delete Attribute can name as one path segment later: not
 * empty or blank, not `.` or `..` (servers resolve those, so `/attributes/..` would name the
 * user), no unpaired surrogates (no URL or UTF-8 text carries them).
 */
export function attributeKeyProblem(key: string): string | undefined {
	if (!key.trim()) return 'is empty';
	if (key === '.' || key === '..') {
		return `"${key}" cannot be an attribute key: it could never be named in a path (servers resolve "." and "..")`;
	}
	if (UNPAIRED_SURROGATE.test(key)) return 'must not contain unpaired surrogate characters';
	return undefined;
}

/** Delete Attribute's key: one path segment, taken exactly as given (spaces are part of a key). */
export function readAttributeKey({ parameter, check }: ItemContext): string {
	const value = parameter('attributeKey', '');
	const key = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
	if (!key.trim()) throw check.fail(LABELS.key, 'is required');
	const problem = attributeKeyProblem(key);
	if (problem) throw check.fail(LABELS.key, problem);
	return key;
}

/** What a value is, for a refusal: "a number", "an object", "null"… */
function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (value === undefined) return 'nothing';
	return typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true or false' : `a ${typeof value}`;
}

/** Adds the bytes of one `"key":"value"` entry of the JSON body; refuses once the body passes the cap. */
class BodySize {
	private bytes = 2; // the braces

	constructor(
		private readonly check: ParameterCheck,
		private readonly label: string,
	) {}

	add(key: string, value: string): void {
		const comma = this.bytes > 2 ? 1 : 0;
		this.bytes += comma + Buffer.byteLength(JSON.stringify(key)) + 1 + Buffer.byteLength(JSON.stringify(value));
		if (this.bytes > MAX_ATTRIBUTES_BYTES) {
			throw this.check.fail(this.label, `must be at most ${MAX_ATTRIBUTES_BYTES / 1024} KB as JSON`);
		}
	}
}

/**
 * The Attributes list: one row per attribute. A number or true/false from an expression in a
 * Value (or Key) field is taken as its text, as the field shows text; anything else is refused.
 * A key given twice is refused: in a list of rows that is a slip (a copied row not renamed), and
 * keeping either value would silently drop the other.
 */
function fromFields({ parameter, check }: ItemContext): Attributes {
	const label = LABELS.fields;
	const collection = parameter('attributes', {}) as { attribute?: unknown } | undefined;
	const rows = collection?.attribute ?? [];
	if (!Array.isArray(rows)) throw check.fail(label, 'must be a list of key and value pairs');
	const size = new BodySize(check, label);
	const rowOf = new Map<string, number>();
	const entries: Array<[string, string]> = [];
	rows.forEach((row: unknown, index) => {
		const where = `${label} › Attribute ${index + 1}`;
		const { key, value } = (row ?? {}) as { key?: unknown; value?: unknown };
		if (typeof key !== 'string' && typeof key !== 'number') throw check.fail(`${where} › Key`, 'is required');
		const keyText = String(key);
		const problem = attributeKeyProblem(keyText);
		if (problem) throw check.fail(`${where} › Key`, problem === 'is empty' ? 'is required' : problem);
		const earlier = rowOf.get(keyText);
		if (earlier !== undefined) {
			throw check.fail(
				label,
				`the key ${quote(keyText)} is given twice (attributes ${earlier + 1} and ${index + 1}): give each key once`,
			);
		}
		rowOf.set(keyText, index);
		const text =
			value === undefined || value === null
				? ''
				: typeof value === 'number' || typeof value === 'boolean'
					? String(value)
					: value;
		if (typeof text !== 'string')
			throw check.fail(`${label} › ${quote(keyText)}`, `must be text, got ${kindOf(value)}`);
		if (UNPAIRED_SURROGATE.test(text))
			throw check.fail(`${label} › ${quote(keyText)}`, 'must not contain unpaired surrogate characters');
		size.add(keyText, text);
		entries.push([keyText, text]);
	});
	// fromEntries defines each key as an own property, so a key "__proto__" stays an attribute.
	return Object.fromEntries(entries);
}

/** Attributes (JSON): a JSON object (text, or an object from an expression) whose values are all strings. */
function fromJson({ parameter, check }: ItemContext): Attributes {
	const label = LABELS.json;
	const value = parameter('attributesJson', '{}');
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.length > MAX_ATTRIBUTES_TEXT_LENGTH) {
			throw check.fail(label, `must be at most ${MAX_ATTRIBUTES_BYTES / 1024} KB as JSON`);
		}
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw check.fail(label, 'is not valid JSON', (error as Error).message);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw check.fail(label, `must be a JSON object of text values, e.g. {"group": "ops"}, got ${kindOf(parsed)}`);
	}
	const size = new BodySize(check, label);
	const entries: Array<[string, string]> = [];
	for (const [key, text] of Object.entries(parsed)) {
		const problem = attributeKeyProblem(key);
		if (problem)
			throw check.fail(
				label,
				problem === 'is empty' ? 'an attribute key is empty' : `the key ${quote(key)}: ${problem}`,
			);
		if (typeof text !== 'string') {
			throw check.fail(`${label} › ${quote(key)}`, `must be text (a JSON string), got ${kindOf(text)}`);
		}
		if (UNPAIRED_SURROGATE.test(text))
			throw check.fail(`${label} › ${quote(key)}`, 'must not contain unpaired surrogate characters');
		size.add(key, text);
		entries.push([key, text]);
	}
	return Object.fromEntries(entries);
}

/** The attributes Set or Update Attributes sends, from the fields or the JSON, checked. */
function readAttributesInput(item: ItemContext): Attributes {
	return item.parameter('attributeInput', 'fields') === 'json' ? fromJson(item) : fromFields(item);
}

/**
 * Whose attributes a call names: a user's, the server's (plain or privileged) or the tenant's
 * (global). The operations of the three resources differ only in this.
 */
export interface AttributeOwner {
	/** The attributes' path, ending in `/` (one key: the key's segment after it). */
	path: string;
	/** The path starts at the Base URL (global attributes name no server). */
	global?: boolean;
	/** What names the owner in the outputs, e.g. `{ userid }`; nothing for global attributes. */
	names: IDataObject;
	/** For the 403 sentence: the permission to read, and to write or delete. */
	readPermission: string;
	writePermission: string;
	/** What a 404 means. */
	notFound?: string;
}

/** The item's user as an attribute owner. */
export function userAttributeOwner(item: ItemContext): AttributeOwner {
	const userId = readUserId(item);
	return {
		path: `/users/${pathSegment(userId)}/attributes/`,
		names: { userid: userId },
		readPermission: 'sessions or users',
		writePermission: 'users',
		notFound: userNotFound(userId),
	};
}

/**
 * Set (POST, replaces) or Update (PUT, merges) Attributes: the item's attributes, checked, sent
 * as a JSON object to the owner's attributes path. Returns what was sent.
 */
export async function writeAttributes(
	item: ItemContext,
	owner: AttributeOwner,
	request: Pick<NextAuthRequest, 'method' | 'idempotent' | 'notFound'>,
): Promise<Attributes> {
	const attributes = readAttributesInput(item);
	await item.send({
		notFound: owner.notFound,
		...request,
		path: owner.path,
		...(owner.global && { global: true }),
		body: attributes,
		permission: owner.writePermission,
	});
	return { ...attributes };
}

/** Get Attributes: GET the owner's attributes path → its attributes as one object. */
export async function getAttributes(item: ItemContext, owner: AttributeOwner): Promise<IDataObject> {
	const response = await item.send({
		method: 'GET',
		path: owner.path,
		...(owner.global && { global: true }),
		accept: 'application/json, text/plain',
		permission: owner.readPermission,
		notFound: owner.notFound,
	});
	return readAttributesAnswer(response);
}

/** Delete Attribute (the item's Attribute Key) or, with no key, every attribute of the owner. */
export async function deleteAttributes(item: ItemContext, owner: AttributeOwner, key?: string): Promise<void> {
	await item.send({
		method: 'DELETE',
		path: key === undefined ? owner.path : `${owner.path}${pathSegment(key, LABELS.key)}`,
		...(owner.global && { global: true }),
		permission: owner.writePermission,
		notFound: owner.notFound,
	});
}

const UNREADABLE = 'attributes that are neither a JSON object nor a list of { "key", "value" } pairs';

/**
 * Get Attributes' answer, as JSON whatever its Content-Type says (the API sends `text/plain`):
 * an object of key → value, or a list of `{ key, value }` pairs (the API definition's "array of
 * attributes"), both given as an object; also when the JSON text comes once more inside a
 * JSON string (the definition types the answer as a string). An empty answer is no attributes.
 * Values are passed on as the API gives them. The API key is redacted in keys and values.
 */
export function readAttributesAnswer(response: NextAuthResponse): IDataObject {
	const text = response.body.toString('utf8');
	if (!text.trim()) return {};
	let parsed: unknown;
	try {
		parsed = parseJson(text);
		if (typeof parsed === 'string' && /^\s*[[{]/.test(parsed)) parsed = parseJson(parsed);
	} catch {
		parsed = undefined;
	}
	let entries: Array<[string, unknown]>;
	if (Array.isArray(parsed)) {
		entries = parsed.map((pair: unknown) => {
			const { key, value } = (pair ?? {}) as { key?: unknown; value?: unknown };
			if (typeof pair !== 'object' || Array.isArray(pair) || typeof key !== 'string') {
				throw new NextAuthResponseError(`The nextAuth API answered with ${UNREADABLE}`);
			}
			return [key, value ?? null];
		});
	} else if (parsed && typeof parsed === 'object') {
		entries = Object.entries(parsed);
	} else {
		throw new NextAuthResponseError(`The nextAuth API answered with ${UNREADABLE}`);
	}
	// A key listed twice: the later pair wins, as in a JSON object.
	return response.redact.data(Object.fromEntries(entries) as IDataObject, text);
}
