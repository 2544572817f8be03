/** The permission resource: which role holds which permissions on the server. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as revoke from './revoke.operation';
import * as set from './set.operation';

export const permission: ResourceModule = {
	option: {
		name: 'Permission',
		value: 'permission',
		description: 'Which role (API keys and users act as roles) holds which permissions on the server',
	},
	defaultOperation: 'getAll',
	operations: { get, getAll, revoke, set },
};
