/** The user operations, by their `operation` value. Order is the order of the editor's list. */
import * as deleteUser from './delete.operation';
import * as deleteAccounts from './deleteAccounts.operation';
import * as getAccounts from './getAccounts.operation';
import * as getAll from './getAll.operation';

export const operations = { delete: deleteUser, deleteAccounts, getAccounts, getAll };
