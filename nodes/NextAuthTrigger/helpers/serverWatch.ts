/**
 * Server settings: each poll reads the Server (one request) and compares its settings with the
 * poll before; a poll where any changed is one event naming each change. `accountCount` and
 * `lastLogin` are statistics, not settings: never compared. `serverFlags` is a set (a reordering
 * is no change). The state keeps each setting's JSON text, or a hash where it is long, and the
 * logo always as a hash: at most MAX_WATCHED_FIELDS fields of MAX_KEPT_LENGTH characters.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { readServerAnswer, SERVER_NOT_FOUND } from '../../shared/helpers/administration';
import { NextAuthResponseError } from '../../shared/transport/errors';
import { isTextPairs, type Reader, type TriggerEvent } from './watch';

/** Statistics of the server: kept in the item, never compared. */
const STATISTICS = new Set(['accountCount', 'lastLogin']);

/** Data too large to keep or show in `changes`: kept as a hash, listed as `{ changed: true }`. */
const HASHED = new Set(['logo']);

/** The most fields of a Server one watch compares (the API defines fifteen). */
export const MAX_WATCHED_FIELDS = 200;

/** A setting's JSON longer than this is kept as a hash (and listed as `{ changed: true }`). */
export const MAX_KEPT_LENGTH = 256;

export interface ServerState extends IDataObject {
	/** `[field, kept]`: `j:` and the JSON as given, or `h:` and the hash of the compared form. */
	fields: Array<[string, string]>;
}

/** The form two values are compared in: JSON, with `serverFlags` as a sorted set. */
function comparedForm(field: string, value: unknown): string {
	if (field === 'serverFlags' && Array.isArray(value)) {
		return JSON.stringify([...new Set(value.map((flag) => JSON.stringify(flag)))].sort());
	}
	return JSON.stringify(value ?? null);
}

const hashOf = (text: string) => `h:${createHash('sha256').update(text).digest('base64url')}`;

/** What the state keeps of a setting. */
function kept(field: string, value: unknown): string {
	const json = JSON.stringify(value ?? null);
	return HASHED.has(field) || json.length > MAX_KEPT_LENGTH ? hashOf(comparedForm(field, value)) : `j:${json}`;
}

/** The compared form of what the state kept: a hash stays a hash. */
function keptForm(field: string, stored: string): string {
	return stored.startsWith('h:') ? stored : comparedForm(field, JSON.parse(stored.slice(2)));
}

const HIDDEN = Symbol('kept as a hash');

/** A kept setting as `changes` shows it: its value (null when the field was not there), or HIDDEN for a hash. */
function shownValue(stored: string | undefined): unknown {
	if (stored === undefined) return null;
	return stored.startsWith('j:') ? JSON.parse(stored.slice(2)) : HIDDEN;
}

/** The settings of a Server (its fields but the statistics), as the state keeps them. */
function settingsOf(server: IDataObject): Map<string, string> {
	const settings = new Map<string, string>();
	for (const [field, value] of Object.entries(server)) {
		if (!STATISTICS.has(field)) settings.set(field, kept(field, value));
	}
	return settings;
}

async function readServer({ send }: Reader): Promise<IDataObject> {
	const server = readServerAnswer(
		await send({ method: 'GET', path: '/', permission: 'servers or createserver', notFound: SERVER_NOT_FOUND }),
	);
	if (Object.keys(server).length > MAX_WATCHED_FIELDS) {
		throw new NextAuthResponseError(
			`The nextAuth API answered with a server of more than ${MAX_WATCHED_FIELDS} fields, the most the trigger compares`,
		);
	}
	return server;
}

/** The item: the Server without its logo, its changes and the event. */
function itemOf(event: string, server: IDataObject, changes: IDataObject): IDataObject {
	const { logo: _logo, ...shown } = server;
	return { ...shown, changes, event };
}

/** What `kept` writes: a hash, or JSON text. */
function isKept(stored: string): boolean {
	if (stored.startsWith('h:')) return true;
	if (!stored.startsWith('j:')) return false;
	try {
		JSON.parse(stored.slice(2));
		return true;
	} catch {
		return false;
	}
}

export function serverWatch(option: INodePropertyOptions, noSample: string): TriggerEvent<ServerState> {
	const event = String(option.value);
	return {
		option,
		filtered: false,
		restore(state) {
			const stored = state as Partial<ServerState> | undefined;
			return stored && isTextPairs(stored.fields, MAX_WATCHED_FIELDS, isKept) ? { fields: stored.fields } : undefined;
		},

		async baseline(reader) {
			return { fields: [...settingsOf(await readServer(reader))] };
		},

		async poll(reader, state) {
			const server = await readServer(reader);
			const now = settingsOf(server);
			const before = new Map(state.fields);
			const changes: IDataObject = {};
			for (const field of new Set([...now.keys(), ...before.keys()])) {
				const was = before.get(field);
				const is = now.get(field);
				const wasForm = was === undefined ? 'null' : keptForm(field, was);
				const isForm = is === undefined ? 'null' : keptForm(field, is);
				if (wasForm === isForm) continue;
				const from = shownValue(was);
				const to = shownValue(is);
				changes[field] = from === HIDDEN || to === HIDDEN ? { changed: true } : { from, to };
			}
			return {
				events: Object.keys(changes).length > 0 ? [itemOf(event, server, changes)] : [],
				state: { fields: [...now] },
			};
		},

		async sample(reader) {
			return itemOf(event, await readServer(reader), {});
		},

		noSample: () => noSample,
	};
}
