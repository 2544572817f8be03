import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { success, type OperationExecute } from '../../shared/actions/item';

export const option: INodePropertyOptions = {
	name: 'Log Out',
	value: 'logout',
	description: 'Force a logout of the session',
	action: 'Log out a session',
};

export const description: INodeProperties[] = [];

/**
 * POST /servers/{serverid}/sessions/logout, no body. A second logout of the same session changes
 * nothing, so it keeps the retries of idempotent calls.
 */
export const execute: OperationExecute = async function ({ send }) {
	await send({ method: 'POST', path: '/sessions/logout', permission: 'sessions', idempotent: true });
	return { json: success() };
};
