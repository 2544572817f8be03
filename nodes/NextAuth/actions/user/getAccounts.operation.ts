import type { INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { fetchList } from '../../../shared/helpers/lists';
import { pathSegment } from '../../../shared/transport';
import { listDescription, type ListFilter } from '../../descriptions/list.description';
import { readListSettings } from '../../helpers/list';

export const option: INodePropertyOptions = {
	name: 'Get Accounts',
	value: 'getAccounts',
	description: 'List the accounts (app instances) of one user',
	action: 'Get the accounts of a user',
};

/** The API sorts and pages a user's accounts but takes no filter or search there. */
const FILTERS: ListFilter[] = ['sort'];

export const description = [
	...showOnlyFor(['getAccounts'], [userLocator('The user whose accounts to list')], 'user'),
	...listDescription('user', option, FILTERS),
];

/** GET /servers/{serverid}/users/{userid}/accounts (no trailing slash), page by page: one item per account. */
export const execute: OperationExecute = async function (item) {
	const userId = readUserId(item);
	const { wanted, query } = readListSettings(item, FILTERS);
	const accounts = await fetchList(
		item.send,
		{
			method: 'GET',
			path: `/users/${pathSegment(userId)}/accounts`,
			query,
			permission: 'sessions or users',
			notFound: userNotFound(userId),
		},
		'accounts',
		wanted,
	);
	return accounts.map((json) => ({ json }));
};
