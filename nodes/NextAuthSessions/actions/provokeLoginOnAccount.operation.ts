import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { accountLocator } from '../../shared/descriptions/locators.description';
import { accountNotFound, readAccountId } from '../../shared/helpers/ids';
import { pathSegment } from '../../shared/transport';
import { pushLogin } from './pushLogin';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Push Login to Account',
	value: 'provokeLoginOnAccount',
	description: 'Push a login confirmation to one account (one app instance of a user)',
	action: 'Push a login to an account',
};

export const traits: OperationTraits = { userContext: true, waitForLogin: true };

export const description: INodeProperties[] = showOnlyFor(
	['provokeLoginOnAccount'],
	[
		{
			displayName:
				"Picking an account from the list needs the 'accounts' permission on the API key's role; an account ID typed By ID works with 'sessions'",
			name: 'accountPermissionNotice',
			type: 'notice',
			default: '',
		},
		accountLocator('The account (app instance) to push the login to'),
	],
);

/** POST /servers/{serverid}/accounts/{accountid}/provokelogin, the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	const accountId = readAccountId(item);
	return await pushLogin(item, {
		path: `/accounts/${pathSegment(String(accountId))}/provokelogin`,
		permission: 'sessions or accounts',
		notFound: accountNotFound(accountId),
	});
};
