import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { accountLocator } from '../../../shared/descriptions/locators.description';
import { setBlocked } from './blocking';

export const option: INodePropertyOptions = {
	name: 'Unblock',
	value: 'unblock',
	description: 'Let a blocked account log in again',
	action: 'Unblock an account',
};

export const description: INodeProperties[] = showOnlyFor(
	['unblock'],
	[accountLocator('The account to unblock')],
	'account',
);

export const execute: OperationExecute = async function (item) {
	return await setBlocked(item, false);
};
