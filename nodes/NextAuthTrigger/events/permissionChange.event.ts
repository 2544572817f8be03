import type { INodePropertyOptions } from 'n8n-workflow';

import { permissionWatch } from '../helpers/permissionWatch';

export const option: INodePropertyOptions = {
	name: 'Permission Changed',
	value: 'permissionChange',
	description: 'A role was granted permissions on the server, had them changed, or had them all revoked',
};

export const event = permissionWatch(
	option,
	'No role has permissions on this server yet: grant some, then fetch again',
);
