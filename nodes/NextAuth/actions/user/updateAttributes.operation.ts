import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { attributesDescription } from '../../descriptions/attributes.description';
import { userAttributeOwner, writeAttributes } from '../../helpers/attributes';

export const option: INodePropertyOptions = {
	name: 'Update Attributes',
	value: 'updateAttributes',
	description: "Add or change the attributes given; the user's other attributes stay. The user must exist.",
	action: 'Update the attributes of a user',
};

export const description: INodeProperties[] = [
	...showOnlyFor(['updateAttributes'], [userLocator('The user whose attributes to add or change')], 'user'),
	...attributesDescription('updateAttributes', 'The attributes to add or change; the others stay as they are'),
];

/**
 * PUT /servers/{serverid}/users/{userid}/attributes/ with the attributes as a JSON object (merged
 * into the user's) → { success: true, userid, attributes } (what was sent).
 */
export const execute: OperationExecute = async function (item) {
	const owner = userAttributeOwner(item);
	const attributes = await writeAttributes(item, owner, {
		method: 'PUT',
		notFound: `${owner.notFound}. Update Attributes changes an existing user; Set Attributes creates one`,
	});
	return { json: { success: true, ...owner.names, attributes } };
};
