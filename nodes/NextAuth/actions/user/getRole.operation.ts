import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';
import { readRole } from './role';

export const option: INodePropertyOptions = {
	name: 'Get Role',
	value: 'getRole',
	description: "Get the user's role (for delegated administration: permissions granted to the role)",
	action: 'Get the role of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['getRole'],
	[userLocator('The user whose role to get')],
	'user',
);

/** GET /servers/{serverid}/users/{userid}/role/ → { userid, role }. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	const response = await item.send({
		method: 'GET',
		path: `/users/${pathSegment(userId)}/role/`,
		permission: 'users',
		notFound: `${userNotFound(userId)}, or the user has no role yet (Get or Create Role gives them one)`,
	});
	return { json: { userid: userId, role: readRole(response) } };
};
