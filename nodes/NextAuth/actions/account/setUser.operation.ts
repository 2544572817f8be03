import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { accountLocator, userLocator } from '../../../shared/descriptions/locators.description';
import { accountNotFound, readAccountId, readUserId } from '../../../shared/helpers/ids';
import { parseJsonObject, pathSegment } from '../../../shared/transport';
import { quote } from '../../../shared/transport/errors';

export const option: INodePropertyOptions = {
	name: 'Move to User',
	value: 'setUser',
	description: 'Give an account (app instance) to another user',
	action: 'Move an account to a user',
};

export const description: INodeProperties[] = showOnlyFor(
	['setUser'],
	[accountLocator('The account to move'), userLocator('The user the account belongs to from now on')],
	'account',
);

/** PUT /servers/{serverid}/accounts/{accountid}/user?userid=… → the Account after the move. */
export const execute: OperationExecute = async function (item) {
	const accountId = readAccountId(item);
	const userId = readUserId(item);
	const response = await item.send({
		method: 'PUT',
		path: `/accounts/${pathSegment(String(accountId))}/user`,
		query: { userid: userId },
		permission: 'accounts',
		notFound: accountNotFound(accountId),
		// The API answers 403 both for a user name it does not know and for a missing permission.
		explain: (statusCode) =>
			statusCode === 403
				? `The nextAuth API refused to move account ${accountId} to user ${quote(userId)} (403): either there is no such user on this server, or the API key's role (or the Role ID) lacks the 'accounts' permission`
				: undefined,
	});
	return { json: parseJsonObject(response, 'an account') };
};
