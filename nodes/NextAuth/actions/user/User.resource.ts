/** The user resource: its entry in the Resource picker and its operations, in the order of the editor's list. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as deleteUser from './delete.operation';
import * as deleteAccounts from './deleteAccounts.operation';
import * as deleteAttribute from './deleteAttribute.operation';
import * as deleteAttributes from './deleteAttributes.operation';
import * as getAccounts from './getAccounts.operation';
import * as getAll from './getAll.operation';
import * as getAttributes from './getAttributes.operation';
import * as getOrCreateRole from './getOrCreateRole.operation';
import * as getRole from './getRole.operation';
import * as setAttributes from './setAttributes.operation';
import * as updateAttributes from './updateAttributes.operation';

export const user: ResourceModule = {
	option: { name: 'User', value: 'user', description: 'A person, with one or more accounts' },
	defaultOperation: 'getAll',
	operations: {
		delete: deleteUser,
		deleteAccounts,
		deleteAttribute,
		deleteAttributes,
		getAccounts,
		getAttributes,
		getAll,
		getOrCreateRole,
		getRole,
		setAttributes,
		updateAttributes,
	},
};
