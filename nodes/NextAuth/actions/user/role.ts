/** A user's role (for delegated administration): the API's `{ role }` read. */
import type { IDataObject } from 'n8n-workflow';

import { parseJsonObject, type NextAuthResponse } from '../../../shared/transport';
import { NextAuthResponseError } from '../../../shared/transport/errors';

/** `{ role }` → the role id; role ids are the data asked for here, not redacted. */
export function readRole(response: NextAuthResponse): IDataObject['role'] {
	const answer = parseJsonObject(response, 'a role', { roleIdsAreData: true });
	if (typeof answer.role !== 'string' || answer.role === '') {
		throw new NextAuthResponseError('The nextAuth API answered without a "role"');
	}
	return answer.role;
}
