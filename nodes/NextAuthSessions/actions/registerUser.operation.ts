import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { success, type OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { quote } from '../../shared/transport/errors';
import { readUserName } from '../helpers/userName';

export const option: INodePropertyOptions = {
	name: 'Register User',
	value: 'registerUser',
	description: 'Give the account logged in on a session a user name, e.g. after it was enrolled without one',
	action: 'Register a user name for a session',
};

export const description: INodeProperties[] = showOnlyFor(
	['registerUser'],
	[
		{
			displayName: 'User ID',
			name: 'registerUserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. alice',
			description: 'The user name the account logged in on the session gets (the user is created when new)',
		},
	],
);

/**
 * POST /servers/{serverid}/sessions/registeruser?userid=…, no body; the API answers 200, empty or
 * "OK". Registering the name an account already has changes nothing, yet the call is not resent
 * after a 503 or a timeout: the API definition does not say so (docs/nextauth-api.md), and it acts on whichever account is
 * logged in on the session when it arrives, which a resend seconds later may find changed.
 */
export const execute: OperationExecute = async function (item) {
	const userId = readUserName(item, 'registerUserId', 'User ID');
	await item.send({
		method: 'POST',
		path: '/sessions/registeruser',
		query: { userid: userId },
		permission: 'users',
		effect: 'given the user name to the account',
		// The API answers 403 both when nobody is logged in on the session and for a missing permission.
		explain: (statusCode) =>
			statusCode === 403
				? `The nextAuth API refused to register user ${quote(userId)} on this session (403): either nobody is logged in on the session (the user name goes to the account logged in on it), or the API key's role (or the Role ID) lacks the 'users' permission`
				: undefined,
	});
	return { json: { ...success(), userid: userId } };
};
