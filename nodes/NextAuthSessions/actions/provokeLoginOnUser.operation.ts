import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { readUserContext } from '../helpers/userContext';
import { pathSegment } from '../transport';
import { success, type OperationExecute } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to User',
	value: 'provokeLoginOnUser',
	description: 'Push a login confirmation to the apps of a user',
	action: 'Push a login to a user',
};

export const description: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The user to push the login to',
		displayOptions: { show: { operation: ['provokeLoginOnUser'] } },
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
];

/** POST /servers/{serverid}/users/{userid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function ({ itemIndex, send, check }) {
	const userId = check.pathId(
		'User',
		this.getNodeParameter('userId', itemIndex, '', { extractValue: true }),
	);
	const body = readUserContext.call(this, itemIndex, check);
	await send({
		method: 'POST',
		path: `/users/${pathSegment(userId)}/provokelogin`,
		body,
		permission: 'sessions or users',
		notFound: `there is no user "${userId}" on this server (or the server ID is wrong)`,
	});
	return { json: success() };
};
