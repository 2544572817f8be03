import type { INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { fetchList } from '../../../shared/helpers/lists';
import { listDescription, type ListFilter } from '../../descriptions/list.description';
import { readListSettings } from '../../helpers/list';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	description: 'List the accounts (app instances) of the server, e.g. to find devices nobody has used for months',
	action: 'Get many accounts',
};

const FILTERS: ListFilter[] = ['filter', 'sort'];

export const description = listDescription('account', option, FILTERS);

/** GET /servers/{serverid}/accounts/, page by page: one item per account, as the API gives it. */
export const execute: OperationExecute = async function (item) {
	const { wanted, query } = readListSettings(item, FILTERS);
	const accounts = await fetchList(
		item.send,
		{ method: 'GET', path: '/accounts/', query, permission: 'accounts' },
		'accounts',
		wanted,
	);
	return accounts.map((json) => ({ json }));
};
