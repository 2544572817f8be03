import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { pathSegment } from '../../../shared/transport';
import { readPermissionNames, readRoleId } from './permissions';
import { roleIdField } from './roleId.description';

export const option: INodePropertyOptions = {
	name: 'Set',
	value: 'set',
	description:
		'Replace the permissions a role holds on the server with the ones given: any other permission of the role on this server is taken away. Changes who may do what; needs the root permission.',
	action: 'Set the permissions of a role',
};

export const description: INodeProperties[] = [
	...roleIdField('set', 'The role whose permissions to replace (base64, as the API gives it)'),
	...showOnlyFor(
		['set'],
		[
			{
				displayName: 'Permissions',
				name: 'permissions',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. sessions,users',
				description:
					'All permissions of the role on this server from now on, separated by commas (or a list from an expression): sessions, accounts, users, servers, createserver…',
			},
		],
		'permission',
	),
];

/** POST /servers/{serverid}/permissions/{roleid} with the JSON array of names (replaces) → { role, server, permissions }. */
export const execute: OperationExecute = async function (item) {
	const roleId = readRoleId(item);
	const permissions = readPermissionNames(item);
	await item.send({
		method: 'POST',
		path: `/permissions/${pathSegment(roleId, 'Role ID')}`,
		body: permissions,
		permission: 'root',
		// Replacing with the same names twice leaves what once leaves: safe to send again.
		idempotent: true,
	});
	return { json: { role: roleId, server: item.serverId, permissions: [...permissions] } };
};
