import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	description: 'Delete a user for good, e.g. someone who left: they can no longer log in with nextAuth',
	action: 'Delete a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['delete'],
	[userLocator('The user to delete for good')],
	'user',
);

/** DELETE /servers/{serverid}/users/{userid}/ (200, no body) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	await item.send({
		method: 'DELETE',
		path: `/users/${pathSegment(userId)}/`,
		permission: 'users',
		notFound: userNotFound(userId),
	});
	return { json: deleted() };
};
