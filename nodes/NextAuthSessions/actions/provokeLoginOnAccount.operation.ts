import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { readUserContext } from '../helpers/userContext';
import { pathSegment } from '../transport';
import { success, type OperationExecute } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to Account',
	value: 'provokeLoginOnAccount',
	description: 'Push a login confirmation to one account (one app instance of a user)',
	action: 'Push a login to an account',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Account',
		name: 'accountId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The account (app instance) to push the login to',
		displayOptions: { show: { operation: ['provokeLoginOnAccount'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an account...',
				typeOptions: { searchListMethod: 'searchAccounts', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'Not a valid account ID: use a whole number such as 42' },
					},
				],
			},
		],
	},
];

/** POST /servers/{serverid}/accounts/{accountid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function ({ itemIndex, send, check }) {
	const accountId = check.nonNegativeInteger(
		'Account',
		this.getNodeParameter('accountId', itemIndex, '', { extractValue: true }),
	);
	const body = readUserContext.call(this, itemIndex, check);
	await send({
		method: 'POST',
		path: `/accounts/${pathSegment(String(accountId))}/provokelogin`,
		body,
		permission: 'sessions or accounts',
		notFound: `there is no account ${accountId} on this server (or the server ID is wrong)`,
	});
	return { json: success() };
};
