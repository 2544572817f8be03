import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { accountLocator } from '../../../shared/descriptions/locators.description';
import { accountNotFound, readAccountId } from '../../../shared/helpers/ids';
import { parseJsonObject, pathSegment } from '../../../shared/transport';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	description: 'Get one account: its device, user, blocked flag and last login',
	action: 'Get an account',
};

export const description: INodeProperties[] = showOnlyFor(['get'], [accountLocator('The account to get')], 'account');

/** GET /servers/{serverid}/accounts/{accountid}/ → the Account. */
export const execute: OperationExecute = async function (item) {
	const accountId = readAccountId(item);
	const response = await item.send({
		method: 'GET',
		path: `/accounts/${pathSegment(String(accountId))}/`,
		permission: 'sessions or accounts',
		notFound: accountNotFound(accountId),
	});
	return { json: parseJsonObject(response, 'an account') };
};
