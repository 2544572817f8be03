import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showOnlyFor } from '../descriptions/display';
import { pathSegment } from '../transport';
import { quote } from '../transport/errors';
import { pushLogin } from './pushLogin';
import type { OperationExecute, OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to User',
	value: 'provokeLoginOnUser',
	description: 'Push a login confirmation to the apps of a user',
	action: 'Push a login to a user',
};

export const traits: OperationTraits = { userContext: true, waitForLogin: true };

export const description: INodeProperties[] = showOnlyFor(['provokeLoginOnUser'], [
	{
		displayName:
			"Picking a user from the list needs the 'users' permission on the API key's role; a user name typed By ID works with 'sessions'",
		name: 'userPermissionNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The user to push the login to',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. alice',
			},
		],
	},
]);

/** POST /servers/{serverid}/users/{userid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	const userId = item.check.pathId(
		'User',
		item.parameter('userId', '', { extractValue: true }),
	);
	return await pushLogin(item, {
		path: `/users/${pathSegment(userId)}/provokelogin`,
		permission: 'sessions or users',
		notFound: `there is no user ${quote(userId)} on this server (or the server ID is wrong)`,
	});
};
