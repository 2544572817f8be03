import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Delete Attributes',
	value: 'deleteAttributes',
	description: 'Delete every attribute of a user; the user and their accounts stay',
	action: 'Delete all attributes of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['deleteAttributes'],
	[userLocator('The user whose attributes to delete')],
	'user',
);

/** DELETE /servers/{serverid}/users/{userid}/attributes/ (200) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	await item.send({
		method: 'DELETE',
		path: `/users/${pathSegment(userId)}/attributes/`,
		permission: 'users',
		notFound: userNotFound(userId),
	});
	return { json: deleted() };
};
