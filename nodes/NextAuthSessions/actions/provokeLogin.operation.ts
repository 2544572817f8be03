import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { pushLogin } from './pushLogin';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login',
	value: 'provokeLogin',
	description: "Push a login confirmation to the app of the session's last known user",
	action: 'Push a login to a session',
};

export const traits: OperationTraits = { userContext: true, waitForLogin: true };

export const description: INodeProperties[] = [];

/** POST /servers/{serverid}/sessions/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	return await pushLogin(item, { path: '/sessions/provokelogin', permission: 'sessions' });
};
