/** The global resource: the tenant's attributes, shared by all its servers. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as deleteAttribute from './deleteAttribute.operation';
import * as deleteAttributes from './deleteAttributes.operation';
import * as getAttributes from './getAttributes.operation';
import * as setAttributes from './setAttributes.operation';
import * as updateAttributes from './updateAttributes.operation';

export const global: ResourceModule = {
	option: {
		name: 'Global',
		value: 'global',
		description: "The tenant's global attributes, shared by all its servers (needs the global servers permission)",
	},
	defaultOperation: 'getAttributes',
	operations: { deleteAttribute, deleteAttributes, getAttributes, setAttributes, updateAttributes },
};
