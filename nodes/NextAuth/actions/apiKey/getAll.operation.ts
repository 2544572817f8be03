import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { apiKeyItem, readApiKeys } from '../../../shared/helpers/administration';

export const option: INodePropertyOptions = {
	name: 'Get Many',
	value: 'getAll',
	description:
		"List the API keys the credential's role created, with their descriptions and roles; the keys are masked",
	action: 'Get many API keys',
};

export const description: INodeProperties[] = showOnlyFor(
	['getAll'],
	[
		{
			displayName: 'Show Full Keys',
			name: 'showKeys',
			type: 'boolean',
			default: false,
			description:
				'Whether to output the keys in full instead of masked (… and the last 4 characters). Full keys are secrets: the execution data keeps them.',
		},
	],
	'apiKey',
);

/** GET /apikeys/ → one item per key: { apikey (masked unless Show Full Keys), description, role }. */
export const execute: OperationExecute = async function (item) {
	const showKeys = item.check.boolean('Show Full Keys', item.parameter('showKeys', false));
	const response = await item.send({ method: 'GET', path: '/apikeys/', global: true, permission: 'global servers' });
	return readApiKeys(response).map((entry) => ({ json: apiKeyItem(entry, showKeys) }));
};
