import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { MAX_SHOWN_TEXT_LENGTH } from '../../../shared/helpers/validation';
import { parseJsonObject } from '../../../shared/transport';
import { NextAuthResponseError } from '../../../shared/transport/errors';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	description:
		'Create a new API key (a new role, with no permissions yet). The output shows the key in full, once: store it; the execution data keeps it too. Created once, never sent again after a failure that may have created it.',
	action: 'Create an API key',
};

export const description: INodeProperties[] = showOnlyFor(
	['create'],
	[
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Nightly clean-up workflow',
			description: 'What the key is for, shown in the list of keys',
		},
	],
	'apiKey',
);

/** POST /apikeys/?description=… (no body) → { apikey, description, role }, the key in full. */
export const execute: OperationExecute = async function (item) {
	const { parameter, check } = item;
	const description = check.atMost(
		'Description',
		check.text('Description', parameter('description', '')),
		MAX_SHOWN_TEXT_LENGTH,
	);
	const response = await item.send({
		method: 'POST',
		path: '/apikeys/',
		global: true,
		query: { description },
		permission: 'global servers',
		effect: 'created the key',
	});
	const key = parseJsonObject(response, 'a new API key', { roleIdsAreData: true });
	if (typeof key.apikey !== 'string' || key.apikey === '') {
		throw new NextAuthResponseError('The nextAuth API answered Create API Key without the new key');
	}
	return { json: { apikey: key.apikey, description: key.description ?? description, role: key.role ?? null } };
};
