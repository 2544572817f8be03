import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { readPermissionEntries, SERVER_NOT_FOUND } from '../../../shared/helpers/administration';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	description: 'List which role holds which permissions on the server, e.g. for an access review',
	action: 'Get many permissions',
};

export const description: INodeProperties[] = [];

/** GET /servers/{serverid}/permissions/ → one item per entry: { role, server, acl, permissions }. */
export const execute: OperationExecute = async function (item) {
	const response = await item.send({
		method: 'GET',
		path: '/permissions/',
		permission: 'servers',
		notFound: SERVER_NOT_FOUND,
	});
	return readPermissionEntries(response).map((json) => ({ json }));
};
