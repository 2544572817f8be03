/** A role's permissions on the server: the role id and the permission names of an item, read and checked. */
import type { ItemContext } from '../../../shared/helpers/interfaces';
import { quote } from '../../../shared/transport/errors';
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
