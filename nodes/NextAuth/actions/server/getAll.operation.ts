import type { INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { fetchList } from '../../../shared/helpers/lists';
import { listDescription } from '../../descriptions/list.description';
import { readListSettings } from '../../helpers/list';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	description: 'List the servers of the tenant',
	action: 'Get many servers',
};

export const description = listDescription('server', option, []);

/** GET /servers/?limit=&marker=, page by page: one item per server, as the API gives it. */
export const execute: OperationExecute = async function (item) {
	const { wanted } = readListSettings(item, []);
	const servers = await fetchList(
		item.send,
		{ method: 'GET', path: '/servers/', global: true, permission: 'servers' },
		'servers',
		wanted,
	);
	return servers.map((json) => ({ json }));
};
