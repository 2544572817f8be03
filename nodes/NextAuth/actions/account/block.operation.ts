import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { accountLocator } from '../../../shared/descriptions/locators.description';
import { setBlocked } from './blocking';

export const option: INodePropertyOptions = {
	name: 'Block',
	value: 'block',
	description: 'Block an account at once, e.g. a lost phone: it can no longer log in until unblocked',
	action: 'Block an account',
};

export const description: INodeProperties[] = showOnlyFor(
	['block'],
	[accountLocator('The account to block')],
	'account',
);

export const execute: OperationExecute = async function (item) {
	return await setBlocked(item, true);
};
