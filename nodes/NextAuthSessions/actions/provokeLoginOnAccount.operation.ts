import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showOnlyFor } from '../descriptions/display';
import { pathSegment } from '../transport';
import { pushLogin } from './pushLogin';
import type { OperationExecute, OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to Account',
	value: 'provokeLoginOnAccount',
	description: 'Push a login confirmation to one account (one app instance of a user)',
	action: 'Push a login to an account',
};

export const traits: OperationTraits = { userContext: true, waitForLogin: true };

export const description: INodeProperties[] = showOnlyFor(['provokeLoginOnAccount'], [
	{
		displayName:
			"Picking an account from the list needs the 'accounts' permission on the API key's role; an account ID typed By ID works with 'sessions'",
		name: 'accountPermissionNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Account',
		name: 'accountId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The account (app instance) to push the login to',
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
]);

/** POST /servers/{serverid}/accounts/{accountid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	const accountId = item.check.nonNegativeInteger(
		'Account',
		item.parameter('accountId', '', { extractValue: true }),
	);
	return await pushLogin(item, {
		path: `/accounts/${pathSegment(String(accountId))}/provokelogin`,
		permission: 'sessions or accounts',
		notFound: `there is no account ${accountId} on this server (or the server ID is wrong)`,
	});
};
