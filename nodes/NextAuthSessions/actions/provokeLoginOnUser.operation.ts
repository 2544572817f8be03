import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { userLocator } from '../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../shared/helpers/ids';
import { pathSegment } from '../../shared/transport';
import { pushLogin } from './pushLogin';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to User',
	value: 'provokeLoginOnUser',
	description: 'Push a login confirmation to the apps of a user',
	action: 'Push a login to a user',
};

export const traits: OperationTraits = { userContext: true, waitForLogin: true };

export const description: INodeProperties[] = showOnlyFor(
	['provokeLoginOnUser'],
	[
		{
			displayName:
				"Picking a user from the list needs the 'users' permission on the API key's role; a user name typed By ID works with 'sessions'",
			name: 'userPermissionNotice',
			type: 'notice',
			default: '',
		},
		userLocator('The user to push the login to'),
	],
);

/** POST /servers/{serverid}/users/{userid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	return await pushLogin(item, {
		path: `/users/${pathSegment(userId)}/provokelogin`,
		permission: 'sessions or users',
		notFound: userNotFound(userId),
	});
};
