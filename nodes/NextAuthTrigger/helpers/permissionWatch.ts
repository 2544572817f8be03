/**
 * Permission changes: each poll reads the server's permission list (one request) and compares
 * each role's permissions, as a set of names, with the poll before. The state is each role's
 * `acl` as the API gave it (role ids are not secrets), at most MAX_WATCHED_ROLES of them: a
 * change is the difference of two sets, so a state n8n saved some polls ago gives the same
 * events as the newest one would.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { aclNames, readPermissionEntries, SERVER_NOT_FOUND } from '../../shared/helpers/administration';
import { NextAuthResponseError } from '../../shared/transport/errors';
import { isTextPairs, type Reader, type TriggerEvent } from './watch';

/** The most roles one watch remembers; a server with more is refused with a clear error. */
export const MAX_WATCHED_ROLES = 10_000;

/** The most characters of one role's `acl` kept (a few names in practice). */
const MAX_ACL_LENGTH = 4096;

export interface PermissionState extends IDataObject {
	/** Each role with an entry, and its `acl` as given: `[role, acl]`, in the list's order. */
	roles: Array<[string, string]>;
}

/** The list now: role → `acl`, in the API's order (a role listed twice: the later entry, as in a JSON object). */
async function readRoles({ send }: Reader): Promise<Map<string, string>> {
	const response = await send({
		method: 'GET',
		path: '/permissions/',
		permission: 'servers',
		notFound: SERVER_NOT_FOUND,
	});
	const roles = new Map<string, string>();
	for (const entry of readPermissionEntries(response)) {
		if (typeof entry.role !== 'string' || entry.role === '') {
			throw new NextAuthResponseError('The nextAuth API answered with a permission entry without a "role"');
		}
		const acl = typeof entry.acl === 'string' ? entry.acl : '';
		if (acl.length > MAX_ACL_LENGTH) {
			throw new NextAuthResponseError(`The nextAuth API answered with an acl longer than ${MAX_ACL_LENGTH} characters`);
		}
		roles.set(entry.role, acl);
	}
	if (roles.size > MAX_WATCHED_ROLES) {
		throw new NextAuthResponseError(
			`The server has permissions for more than ${MAX_WATCHED_ROLES.toLocaleString('en')} roles, the most the trigger watches`,
		);
	}
	return roles;
}

const sameNames = (a: string[], b: string[]) => {
	const set = new Set(a);
	const other = new Set(b);
	return set.size === other.size && [...set].every((name) => other.has(name));
};

/** The event of a role whose permissions went from `before` to `now` (undefined: no entry). */
function changeOf(event: string, role: string, server: string, before?: string, now?: string): IDataObject {
	const permissions = aclNames(now);
	const previousPermissions = aclNames(before);
	return {
		role,
		server,
		change: previousPermissions.length === 0 ? 'granted' : permissions.length === 0 ? 'revoked' : 'changed',
		permissions,
		previousPermissions,
		...(now !== undefined && { acl: now }),
		...(before !== undefined && { previousAcl: before }),
		event,
	};
}

export function permissionWatch(option: INodePropertyOptions, noSample: string): TriggerEvent<PermissionState> {
	const event = String(option.value);
	return {
		option,
		filtered: false,
		restore(state) {
			const stored = state as Partial<PermissionState> | undefined;
			return stored && isTextPairs(stored.roles, MAX_WATCHED_ROLES) ? { roles: stored.roles } : undefined;
		},

		async baseline(reader) {
			return { roles: [...(await readRoles(reader))] };
		},

		async poll(reader, state, max) {
			const now = await readRoles(reader);
			const before = new Map(state.roles);
			const changed = [...new Set([...now.keys(), ...before.keys()])].filter(
				(role) => !sameNames(aclNames(now.get(role)), aclNames(before.get(role))),
			);
			const emitted = changed.slice(0, max);
			// A change not emitted yet keeps its old value, so that the next poll finds it again.
			const kept = new Map(now);
			for (const role of changed.slice(max)) {
				const old = before.get(role);
				if (old === undefined) kept.delete(role);
				else kept.set(role, old);
			}
			return {
				events: emitted.map((role) => changeOf(event, role, reader.serverId, before.get(role), now.get(role))),
				state: { roles: [...kept] },
			};
		},

		async sample(reader) {
			const [first] = await readRoles(reader);
			return first && changeOf(event, first[0], reader.serverId, undefined, first[1]);
		},

		noSample: () => noSample,
	};
}
