import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { pathSegment } from '../../../shared/transport';
import { readRoleId, roleNotFound } from './permissions';
import { roleIdField } from './roleId.description';

export const option: INodePropertyOptions = {
	name: 'Revoke All',
	value: 'revoke',
	description:
		'Take every permission a role holds on the server away (its keys can no longer act on this server); needs the root permission',
	action: 'Revoke all permissions of a role',
};

export const description: INodeProperties[] = roleIdField(
	'revoke',
	'The role whose permissions to take away (base64, as the API gives it)',
);

/** DELETE /servers/{serverid}/permissions/{roleid} → { role, server, revoked: true }. */
export const execute: OperationExecute = async function (item) {
	const roleId = readRoleId(item);
	await item.send({
		method: 'DELETE',
		path: `/permissions/${pathSegment(roleId, 'Role ID')}`,
		permission: 'root',
		notFound: roleNotFound(roleId),
	});
	return { json: { role: roleId, server: item.serverId, revoked: true } };
};
