import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { attributesDescription } from '../../descriptions/attributes.description';
import { userAttributeOwner, writeAttributes } from '../../helpers/attributes';

export const option: INodePropertyOptions = {
	name: 'Set Attributes',
	value: 'setAttributes',
	description:
		'Replace all attributes of a user with the ones given: attributes not given are deleted. Creates the user when there is none of that name.',
	action: 'Replace the attributes of a user',
};

export const description: INodeProperties[] = [
	...showOnlyFor(
		['setAttributes'],
		[userLocator('The user whose attributes to replace; By ID may name a user that does not exist yet, it is created')],
		'user',
	),
	...attributesDescription('setAttributes', 'All attributes of the user from now on; any other attribute is deleted'),
];

/**
 * POST /servers/{serverid}/users/{userid}/attributes/ with the attributes as a JSON object →
 * { success: true, userid, attributes } (what was sent). The API has no 404 here: it creates the user.
 */
export const execute: OperationExecute = async function (item) {
	// Replacing every attribute with the same set twice leaves what once leaves (the user, created
	// by the first, is there for the second): safe to send again after a 503 or a closed connection.
	const owner = userAttributeOwner(item);
	// No 404 sentence: the API creates the user.
	const attributes = await writeAttributes(item, owner, { method: 'POST', idempotent: true, notFound: undefined });
	return { json: { success: true, ...owner.names, attributes } };
};
