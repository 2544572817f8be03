import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { getAttributes, userAttributeOwner } from '../../helpers/attributes';

export const option: INodePropertyOptions = {
	name: 'Get Attributes',
	value: 'getAttributes',
	description: 'Get the attributes of a user (free key/value data such as group or department)',
	action: 'Get the attributes of a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['getAttributes'],
	[userLocator('The user whose attributes to get')],
	'user',
);

/**
 * GET /servers/{serverid}/users/{userid}/attributes/ → { userid, attributes: { … } }. The API
 * answers `text/plain` whose text is JSON, so both are accepted.
 */
export const execute: OperationExecute = async function (item) {
	const owner = userAttributeOwner(item);
	return { json: { ...owner.names, attributes: await getAttributes(item, owner) } };
};
