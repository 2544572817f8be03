import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { readPermissionEntries } from '../../../shared/helpers/administration';
import { pathSegment } from '../../../shared/transport';
import { readRoleId, roleNotFound } from './permissions';
import { roleIdField } from './roleId.description';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	description: 'Get the permissions one role holds on the server',
	action: 'Get the permissions of a role',
};

export const description: INodeProperties[] = roleIdField(
	'get',
	'The role whose permissions to get (base64, as the API gives it)',
);

/** GET /servers/{serverid}/permissions/{roleid} (no trailing slash) → { role, server, acl, permissions }. */
export const execute: OperationExecute = async function (item) {
	const roleId = readRoleId(item);
	const response = await item.send({
		method: 'GET',
		path: `/permissions/${pathSegment(roleId, 'Role ID')}`,
		permission: 'servers',
		notFound: roleNotFound(roleId),
	});
	return readPermissionEntries(response).map((json) => ({ json }));
};
