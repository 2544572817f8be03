import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { userLocator } from '../../../shared/descriptions/locators.description';
import { readUserId, userNotFound } from '../../../shared/helpers/ids';
import { pathSegment } from '../../../shared/transport';
import { readAttributesAnswer } from '../../helpers/attributes';

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
	const userId = readUserId(item);
	const response = await item.send({
		method: 'GET',
		path: `/users/${pathSegment(userId)}/attributes/`,
		accept: 'application/json, text/plain',
		permission: 'sessions or users',
		notFound: userNotFound(userId),
	});
	return { json: { userid: userId, attributes: readAttributesAnswer(response) } };
};
