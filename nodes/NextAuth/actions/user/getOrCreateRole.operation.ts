import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';
import { readRole } from './role';

export const option: INodePropertyOptions = {
	name: 'Get or Create Role',
	value: 'getOrCreateRole',
	description: "Get the user's role, giving the user a new one when they have none (for delegated administration)",
	action: 'Get or create the role of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['getOrCreateRole'],
	[userLocator('The user whose role to get, or to create')],
	'user',
);

/** POST /servers/{serverid}/users/{userid}/role/ (no body) → { userid, role }. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	const response = await item.send({
		method: 'POST',
		path: `/users/${pathSegment(userId)}/role/`,
		permission: 'users',
		notFound: userNotFound(userId),
		effect: 'given the user a role',
	});
	return { json: { userid: userId, role: readRole(response) } };
};
