import type { INodeExecutionData } from 'n8n-workflow';

import { success } from '../../shared/actions/item';
import type { ItemContext } from '../../shared/helpers/interfaces';
import { parseJsonObject, type NextAuthRequest } from '../../shared/transport';
import { readUserContext } from '../helpers/userContext';
import { pollUntil, readWait } from '../helpers/wait';

/**
 * What the three push operations share: POST to their `…/provokelogin` path with the item's
 * user context (if any) as JSON body — the API answers 200 with no body — and, with Wait for
 * Login, polling the session until the user has confirmed or the wait times out. A push is not
 * idempotent (a second one is a second notification): it is never sent again once the API may
 * have received it.
 */
export async function pushLogin(
	item: ItemContext,
	target: Pick<NextAuthRequest, 'path' | 'permission' | 'notFound'>,
): Promise<INodeExecutionData> {
	const { parameter, send, check } = item;
	const body = readUserContext(parameter, check);
	const wait = readWait(parameter, check, 'waitForLogin');

	await send({ method: 'POST', body, effect: 'pushed the login', ...target });
	if (!wait) return { json: success() };

	const polled = await pollUntil(wait, item, async (deadline) => {
		const response = await send({ method: 'GET', path: '/sessions/', permission: 'sessions' }, { deadline });
		const value = parseJsonObject(response, 'a login status');
		return { value, done: value.loggedin === true };
	});
	const { value: status, done: confirmed, waitedMs, lastCheckError } = polled;
	return {
		json: { ...success(), ...status, confirmed, waitedMs, ...(lastCheckError !== undefined && { lastCheckError }) },
	};
}
