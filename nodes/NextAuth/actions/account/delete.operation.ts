import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { accountLocator } from '../../../shared/descriptions/locators.description';
import { accountNotFound, readAccountId } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Delete',
	value: 'delete',
	description:
		'Delete an account for good: that app instance can no longer log in and cannot be unblocked; its user has to enrol the device again',
	action: 'Delete an account',
};

export const description: INodeProperties[] = showOnlyFor(
	['delete'],
	[accountLocator('The account to delete for good')],
	'account',
);

/** DELETE /servers/{serverid}/accounts/{accountid}/ (200, no body) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	const accountId = readAccountId(item);
	await item.send({
		method: 'DELETE',
		path: `/accounts/${pathSegment(String(accountId))}/`,
		permission: 'accounts',
		notFound: accountNotFound(accountId),
	});
	return { json: deleted() };
};
