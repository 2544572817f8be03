/** The user operations, by their `operation` value. Order is the order of the editor's list. */
import * as deleteUser from './delete.operation';
import * as deleteAccounts from './deleteAccounts.operation';
import * as deleteAttribute from './deleteAttribute.operation';
import * as deleteAttributes from './deleteAttributes.operation';
import * as getAccounts from './getAccounts.operation';
import * as getAll from './getAll.operation';
import * as getAttributes from './getAttributes.operation';
import * as setAttributes from './setAttributes.operation';
import * as updateAttributes from './updateAttributes.operation';

export const operations = {
	delete: deleteUser,
	deleteAccounts,
	deleteAttribute,
	deleteAttributes,
	getAccounts,
	getAttributes,
	getAll,
	setAttributes,
	updateAttributes,
};
