/**
 * New API keys: each poll reads the key list (one request; the keys the credential's role
 * created) and emits the keys not seen before. The state never holds a key: each is remembered by
 * a salted SHA-256 (the salt made at the baseline). The list is one answer of at most 1 MB
 * (MAX_JSON_BYTES), so it holds fewer than MAX_WATCHED_KEYS keys: that is the state's bound.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { apiKeyItem, readApiKeys } from '../../shared/helpers/administration';
import { NextAuthResponseError } from '../../shared/transport/errors';
import type { Reader, TriggerEvent } from './watch';

/** More keys than one answer of at most 1 MB can list (an entry takes at least 40 bytes). */
export const MAX_WATCHED_KEYS = 30_000;

export interface ApiKeyState extends IDataObject {
	/** Mixed into each hash (22 characters), so that the hashes of one watch say nothing about another's. */
	salt: string;
	/** The hashes of the keys seen (base64url, 22 characters). */
	seen: string[];
}

/** A salt or a hash as the state keeps them: 22 base64url characters. */
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

// The salt has a fixed length (22 characters): salt and key cannot run into each other.
const hashOf = (salt: string, key: string) =>
	createHash('sha256').update(salt).update(key).digest('base64url').slice(0, 22);

interface Listed {
	entry: IDataObject;
	key: string;
}

async function readKeys({ send }: Reader): Promise<Listed[]> {
	const response = await send({ method: 'GET', path: '/apikeys/', global: true, permission: 'global servers' });
	return readApiKeys(response).map((entry) => {
		if (typeof entry.apikey !== 'string' || entry.apikey === '') {
			throw new NextAuthResponseError('The nextAuth API answered with an API key entry without an "apikey"');
		}
		return { entry, key: entry.apikey };
	});
}

export function apiKeyWatch(option: INodePropertyOptions, noSample: string): TriggerEvent<ApiKeyState> {
	const event = String(option.value);
	const item = (entry: IDataObject) => ({ ...apiKeyItem(entry), event });
	return {
		option,
		filtered: false,
		restore(state) {
			const stored = state as Partial<ApiKeyState> | undefined;
			const valid =
				typeof stored?.salt === 'string' &&
				TOKEN.test(stored.salt) &&
				Array.isArray(stored.seen) &&
				stored.seen.length <= MAX_WATCHED_KEYS &&
				// Stryker disable next-line ConditionalExpression: TOKEN.test of anything but a string of 22 characters is false too
				stored.seen.every((hash) => typeof hash === 'string' && TOKEN.test(hash));
			return valid ? (stored as ApiKeyState) : undefined;
		},

		async baseline(reader) {
			const salt = randomBytes(16).toString('base64url');
			return { salt, seen: (await readKeys(reader)).map(({ key }) => hashOf(salt, key)) };
		},

		async poll(reader, state, max) {
			const listed = await readKeys(reader);
			const seen = new Set(state.seen);
			const fresh = listed.filter(({ key }) => !seen.has(hashOf(state.salt, key)));
			const emitted = fresh.slice(0, max);
			// Keys not emitted yet stay unseen, so that the next poll finds them again; keys gone from the list are forgotten.
			const deferred = new Set(fresh.slice(max));
			const kept = listed.filter((listedKey) => !deferred.has(listedKey));
			return {
				events: emitted.map(({ entry }) => item(entry)),
				state: { salt: state.salt, seen: [...new Set(kept.map(({ key }) => hashOf(state.salt, key)))] },
			};
		},

		// Keys have no creation time: the newest is the last the list gives.
		async sample(reader) {
			const listed = await readKeys(reader);
			const newest = listed.at(-1);
			return newest && item(newest.entry);
		},

		noSample: () => noSample,
	};
}
