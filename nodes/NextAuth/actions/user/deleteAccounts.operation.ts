import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Delete Accounts',
	value: 'deleteAccounts',
	description:
		'Delete every account of a user for good: none of their app instances can log in any more; the user itself stays',
	action: 'Delete the accounts of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['deleteAccounts'],
	[userLocator('The user whose accounts to delete for good')],
	'user',
);

/** DELETE /servers/{serverid}/users/{userid}/accounts (200, no body) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	await item.send({
		method: 'DELETE',
		path: `/users/${pathSegment(userId)}/accounts`,
		permission: 'accounts or users',
		notFound: userNotFound(userId),
	});
	return { json: deleted() };
};
