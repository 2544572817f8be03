/** Servers: the fields Create and Update Server send, read and checked. */
import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from '../../shared/helpers/interfaces';
import { MAX_SHOWN_TEXT_LENGTH } from '../../shared/helpers/validation';
import { quote } from '../../shared/transport/errors';
import { MAX_LOGO_BYTES, SERVER_FIELDS, SERVER_NAME, SERVER_NUMBER_RANGES } from '../descriptions/server.description';

/** The most server flags one write sends. */
const MAX_SERVER_FLAGS = 100;

/**
 * Names from a comma-separated text (each trimmed, empty ones dropped) or a list from an
 * expression (each a text); each checked as text. Server flags and permission names.
 */
export function readNameList(item: ItemContext, label: string, value: unknown, maxNames: number): string[] {
	const { check } = item;
	let names: unknown[];
	if (typeof value === 'string') names = value.split(',').filter((name) => name.trim() !== '');
	else if (Array.isArray(value)) names = value;
	else throw check.fail(label, 'must be names separated by commas, or a list of names');
	if (names.length > maxNames) throw check.fail(label, `must be at most ${maxNames} names`);
	const checked = names.map((name, index) => {
		if (typeof name !== 'string') throw check.fail(`${label} › ${index + 1}`, 'must be text');
		return check.atMost(label, check.text(`${label} › ${index + 1}`, name), MAX_SHOWN_TEXT_LENGTH);
	});
	return [...new Set(checked)];
}

/**
 * The fields of a Server given in `collection` (Server Fields or Update Fields), checked: only
 * those present are returned; numbers 0 and -1 are values, an empty text is not sent.
 */
export function readServerFields(item: ItemContext, collection: string, label: string, withName: boolean): IDataObject {
	const { parameter, check } = item;
	const given = parameter(collection, {}) ?? {};
	if (typeof given !== 'object' || Array.isArray(given)) throw check.fail(label, 'must be a collection of fields');
	const fields = withName ? [...SERVER_FIELDS, SERVER_NAME] : SERVER_FIELDS;
	const known = new Map(fields.map((field) => [field.name, field]));
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(given as IDataObject)) {
		const field = known.get(name);
		if (!field) throw check.fail(label, `${quote(name)} is not a field of a server`);
		const where = `${label} › ${field.displayName}`;
		if (value === undefined || value === null || value === '') continue;
		if (name === 'serverFlags') {
			body.serverFlags = readNameList(item, where, value, MAX_SERVER_FLAGS);
		} else if (name === 'logo') {
			body.logo = check.base64(where, check.text(where, value), MAX_LOGO_BYTES);
		} else if (Object.hasOwn(SERVER_NUMBER_RANGES, name)) {
			body[name] = check.numberInRange(where, value, SERVER_NUMBER_RANGES[name]);
		} else {
			if (typeof value === 'string' && !value.trim()) continue;
			body[name] = check.atMost(where, check.text(where, value), MAX_SHOWN_TEXT_LENGTH);
		}
	}
	return body;
}
