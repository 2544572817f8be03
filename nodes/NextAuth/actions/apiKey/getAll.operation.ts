import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { parseJsonObject } from '../../../shared/transport';
import { NextAuthResponseError } from '../../../shared/transport/errors';

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

/** Keys of this many characters or fewer show nothing of themselves once masked. */
const SHORTEST_SHOWN_END = 8;

/** `…` and the last 4 characters; `…` alone for a key of 8 characters or fewer. */
export function maskKey(key: string): string {
	const characters = [...key];
	return characters.length <= SHORTEST_SHOWN_END ? '…' : `…${characters.slice(-4).join('')}`;
}

/** GET /apikeys/ → one item per key: { apikey (masked unless Show Full Keys), description, role }. */
export const execute: OperationExecute = async function (item) {
	const showKeys = item.check.boolean('Show Full Keys', item.parameter('showKeys', false));
	const response = await item.send({ method: 'GET', path: '/apikeys/', global: true, permission: 'global servers' });
	// Role ids are the data asked for; the credential's own key, if listed, is still replaced.
	const answer = parseJsonObject(response, 'a list of API keys', { roleIdsAreData: true });
	const keys = answer.apikeys;
	if (!Array.isArray(keys) || !keys.every((key) => key !== null && typeof key === 'object' && !Array.isArray(key))) {
		throw new NextAuthResponseError('The nextAuth API answered with API keys that have no "apikeys" array of objects');
	}
	return (keys as IDataObject[]).map((key) => ({
		json: {
			...key,
			...(typeof key.apikey === 'string' && !showKeys && { apikey: maskKey(key.apikey) }),
		},
	}));
};
