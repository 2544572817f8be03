/** A role's permissions on the server: the role id read, the permission names read, the API's entries read. */
import type { IDataObject } from 'n8n-workflow';

import type { ItemContext } from '../../../shared/helpers/interfaces';
import { parseJsonObject, type NextAuthResponse } from '../../../shared/transport';
import { NextAuthResponseError, quote } from '../../../shared/transport/errors';
import { readNameList } from '../../helpers/servers';

/** The most permission names one Set sends (the API knows a handful). */
const MAX_PERMISSION_NAMES = 100;

/** A permission name: letters first, then letters, digits, `_` or `-` (`sessions`, `createserver`…). */
const PERMISSION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const roleNotFound = (roleId: string) =>
	`the role ${quote(roleId)} has no permissions on this server (or the server ID is wrong)`;

export function readRoleId({ parameter, check }: ItemContext): string {
	return check.pathId('Role ID', parameter('roleId', ''));
}

export function readPermissionNames(item: ItemContext): string[] {
	const names = readNameList(item, 'Permissions', item.parameter('permissions', ''), MAX_PERMISSION_NAMES);
	if (names.length === 0) {
		throw item.check.fail('Permissions', 'is required (to take every permission away, use Revoke All)');
	}
	for (const name of names) {
		if (!PERMISSION_NAME.test(name)) {
			throw item.check.fail('Permissions', `${quote(name)} is not a permission name (e.g. sessions, users)`);
		}
	}
	return names;
}

/**
 * `{ permissions: [{ role, server, acl }] }` → one entry each, with `permissions`: the `acl` split
 * into trimmed names (an empty `acl` is none). Role ids are the data asked for: not redacted.
 */
export function readPermissionEntries(response: NextAuthResponse): IDataObject[] {
	const answer = parseJsonObject(response, 'a list of permissions', { roleIdsAreData: true });
	const entries = answer.permissions;
	if (
		!Array.isArray(entries) ||
		!entries.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry))
	) {
		throw new NextAuthResponseError(
			'The nextAuth API answered with permissions that have no "permissions" array of objects',
		);
	}
	return (entries as IDataObject[]).map((entry) => {
		const acl = typeof entry.acl === 'string' ? entry.acl : '';
		const names = acl
			.split(',')
			.map((name) => name.trim())
			.filter((name) => name !== '');
		return { ...entry, permissions: names };
	});
}
