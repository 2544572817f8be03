import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { deleteAttributes, userAttributeOwner } from '../../helpers/attributes';

export const option: INodePropertyOptions = {
	name: 'Delete Attributes',
	value: 'deleteAttributes',
	description: 'Delete every attribute of a user; the user and their accounts stay',
	action: 'Delete all attributes of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['deleteAttributes'],
	[userLocator('The user whose attributes to delete')],
	'user',
);

/** DELETE /servers/{serverid}/users/{userid}/attributes/ (200) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	await deleteAttributes(item, userAttributeOwner(item));
	return { json: deleted() };
};
