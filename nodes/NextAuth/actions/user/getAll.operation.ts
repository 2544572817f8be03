import type { INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { fetchList } from '../../../shared/helpers/lists';
import { listDescription, type ListFilter } from '../../descriptions/list.description';
import { readListSettings } from '../../helpers/list';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	description: 'List the users of the server, with their last login and number of accounts',
	action: 'Get many users',
};

const FILTERS: ListFilter[] = ['filter', 'search', 'sort'];

export const description = listDescription('user', option, FILTERS);

/** GET /servers/{serverid}/users/, page by page: one item per user, as the API gives it. */
export const execute: OperationExecute = async function (item) {
	const { wanted, query } = readListSettings(item, FILTERS);
	const users = await fetchList(
		item.send,
		{ method: 'GET', path: '/users/', query, permission: 'users' },
		'users',
		wanted,
	);
	return users.map((json) => ({ json }));
};
