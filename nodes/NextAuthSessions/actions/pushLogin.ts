import type { INodeExecutionData } from 'n8n-workflow';

import { readUserContext } from '../helpers/userContext';
import { parseJsonObject, type NextAuthRequest } from '../transport';
import { success, type ItemContext } from './types';

/**
 * What the three push operations share: POST to their `…/provokelogin` path with the item's
 * user context (if any) as JSON body — the API answers 200 with no body — and, with Wait for
 * Login, polling the session until the user has confirmed or the wait times out.
 */
export async function pushLogin(
	item: ItemContext,
	target: Pick<NextAuthRequest, 'path' | 'permission' | 'notFound'>,
): Promise<INodeExecutionData> {
	const { parameter, send, check } = item;
	const body = readUserContext(parameter, check);
	const waitForLogin = parameter('waitForLogin', false) as boolean;
	const seconds = (label: string, name: string, fallback: number) =>
		check.positiveNumber(label, parameter(name, fallback)) * 1000;
	const timeoutMs = waitForLogin ? seconds('Wait Timeout', 'waitTimeout', 120) : 0;
	const intervalMs = waitForLogin ? seconds('Poll Interval', 'pollInterval', 2) : 0;

	await send({ method: 'POST', body, ...target });
	if (!waitForLogin) return { json: success() };

	const started = Date.now();
	for (;;) {
		const response = await send({ method: 'GET', path: '/sessions/', permission: 'sessions' });
		const status = parseJsonObject(response, 'a login status');
		const waitedMs = Date.now() - started;
		const confirmed = status.loggedin === true;
		if (confirmed || waitedMs + intervalMs > timeoutMs) {
			return { json: { ...success(), ...status, confirmed, waitedMs } };
		}
		await item.wait(intervalMs);
	}
}
