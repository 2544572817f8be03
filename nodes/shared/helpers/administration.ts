/**
 * The API's answers about the tenant's administration, read the same way by the NextAuth node's
 * operations and the trigger's security-watch events: a Server, the permission entries, the API
 * keys. Role ids in them are the data asked for and pass unchanged; the API key is still replaced.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJsonObject, type NextAuthResponse } from '../transport';
import { NO_REDACTION } from '../transport/redaction';
import { readObjectList } from './lists';

export const SERVER_NOT_FOUND =
	'no server has this server ID (check the Server ID of the credential, or the Server ID option)';

/** A Server object (Create Server labels it `application/octet-stream`: its text is read as JSON whatever the label). */
export function readServerAnswer(response: NextAuthResponse): IDataObject {
	return parseJsonObject(response, 'a server', { roleIdsAreData: true });
}

/**
 * A Server exactly as the API gave it, nothing replaced: what Update Server sends back once it has
 * made sure that this is the same as readServerAnswer's (no setting holds the API key).
 */
export function readServerAsIs(response: NextAuthResponse): IDataObject {
	return parseJsonObject({ ...response, redact: NO_REDACTION }, 'a server');
}

/** The names of a comma-separated `acl`, trimmed, empty ones dropped (an empty `acl` is none). */
export function aclNames(acl: unknown): string[] {
	if (typeof acl !== 'string') return [];
	return acl
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/** `{ permissions: [{ role, server, acl }] }` → each entry with `permissions`: its `acl` as names. */
export function readPermissionEntries(response: NextAuthResponse): IDataObject[] {
	return readObjectList(response, 'permissions', 'a list of permissions', { roleIdsAreData: true }).entries.map(
		(entry) => ({
			...entry,
			permissions: aclNames(entry.acl),
		}),
	);
}

/** `{ apikeys: [{ apikey, description, role }] }` → the entries as given. */
export function readApiKeys(response: NextAuthResponse): IDataObject[] {
	return readObjectList(response, 'apikeys', 'a list of API keys', { roleIdsAreData: true }).entries;
}

/** Keys of this many characters or fewer show nothing of themselves once masked. */
const SHORTEST_SHOWN_END = 8;

/** `…` and the key's last 4 characters; `…` alone for a key of 8 characters or fewer. */
export function maskApiKey(key: string): string {
	const characters = [...key];
	return characters.length <= SHORTEST_SHOWN_END ? '…' : `…${characters.slice(-4).join('')}`;
}

/** An API key entry as an output shows it: the key masked (unless `showKey`); a key that is not text, `…` alone. */
export function apiKeyItem(entry: IDataObject, showKey = false): IDataObject {
	if (showKey || !Object.hasOwn(entry, 'apikey')) return { ...entry };
	return { ...entry, apikey: typeof entry.apikey === 'string' ? maskApiKey(entry.apikey) : '…' };
}
