/** A user name given to an account by the registration calls, read and checked before sending. */
import type { ItemContext } from '../../shared/helpers/interfaces';
import { CONTROL_CHARACTERS } from '../../shared/transport/wire';

type Item = Pick<ItemContext, 'parameter' | 'check'>;

/**
 * The user name in parameter `name`, as typed (not trimmed: `bob ` and `bob` are two users).
 * Sent in the query, yet checked as a path id: the user is later named as one path segment
 * (`/users/{userid}/…`), where `.` and `..` cannot be. Control characters are refused as the
 * sign of a broken expression.
 */
export function readUserName({ parameter, check }: Item, name: string, label: string): string {
	const userName = check.pathId(label, parameter(name, ''));
	if (CONTROL_CHARACTERS.test(userName)) {
		throw check.fail(label, 'must not contain line breaks or other control characters');
	}
	return userName;
}

/** readUserName for an optional field: empty is no user name (undefined); only spaces is refused. */
export function readOptionalUserName(item: Item, name: string, label: string): string | undefined {
	const value = item.parameter(name, '');
	if (value === '' || value === undefined || value === null) return undefined;
	if (typeof value === 'string' && !value.trim()) {
		throw item.check.fail(label, 'must not be only spaces (leave it empty for no user name)');
	}
	return readUserName(item, name, label);
}
