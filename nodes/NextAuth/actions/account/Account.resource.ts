/** The account resource: its entry in the Resource picker and its operations, in the order of the editor's list. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as block from './block.operation';
import * as deleteAccount from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setUser from './setUser.operation';
import * as unblock from './unblock.operation';

export const account: ResourceModule = {
	option: { name: 'Account', value: 'account', description: 'An app instance of a user: one phone or tablet' },
	defaultOperation: 'getAll',
	operations: { block, delete: deleteAccount, get, getAll, setUser, unblock },
};
