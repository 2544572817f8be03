import type { INodeExecutionData } from 'n8n-workflow';

import { POLL_INTERVAL_RANGE, WAIT_TIMEOUT_RANGE } from '../descriptions/waitForLogin.description';
import { readUserContext } from '../helpers/userContext';
import type { NumberRange } from '../helpers/validation';
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
	const seconds = (label: string, name: string, fallback: number, range: NumberRange) =>
		check.numberInRange(label, parameter(name, fallback), { ...range, unit: 'seconds' }) * 1000;
	const timeoutMs = waitForLogin ? seconds('Wait Timeout', 'waitTimeout', 120, WAIT_TIMEOUT_RANGE) : 0;
	const intervalMs = waitForLogin ? seconds('Poll Interval', 'pollInterval', 2, POLL_INTERVAL_RANGE) : 0;

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
