import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { parseJsonObject } from '../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Get Session',
	value: 'getSession',
	description: 'Check whether a session is logged in, and as whom',
	action: 'Get the login status of a session',
};

export const description: INodeProperties[] = [];

/** GET /servers/{serverid}/sessions/ → the LoginStatus object as the item. */
export const execute: OperationExecute = async function ({ send }) {
	const response = await send({ method: 'GET', path: '/sessions/', permission: 'sessions' });
	return { json: parseJsonObject(response, 'a login status') };
};
