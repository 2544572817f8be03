/** The account operations, by their `operation` value. Order is the order of the editor's list. */
import * as block from './block.operation';
import * as deleteAccount from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setUser from './setUser.operation';
import * as unblock from './unblock.operation';

export const operations = { block, delete: deleteAccount, get, getAll, setUser, unblock };
