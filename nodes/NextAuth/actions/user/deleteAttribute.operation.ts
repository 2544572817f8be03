import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { deleted, type OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { deleteAttributes, readAttributeKey, userAttributeOwner } from '../../helpers/attributes';

export const option: INodePropertyOptions = {
	name: 'Delete Attribute',
	value: 'deleteAttribute',
	description: 'Delete one attribute of a user; the user and their other attributes stay',
	action: 'Delete an attribute of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['deleteAttribute'],
	[
		userLocator('The user whose attribute to delete'),
		{
			displayName: 'Attribute Key',
			name: 'attributeKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. group',
			description: 'The key of the attribute to delete, exactly as stored',
		},
	],
	'user',
);

/** DELETE /servers/{serverid}/users/{userid}/attributes/{attributekey} (200) → { deleted: true }. */
export const execute: OperationExecute = async function (item) {
	const owner = userAttributeOwner(item);
	await deleteAttributes(item, owner, readAttributeKey(item));
	return { json: deleted() };
};
