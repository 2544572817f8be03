import type { INodePropertyOptions } from 'n8n-workflow';

import { timestampWatch } from '../helpers/timestampWatch';

export const option: INodePropertyOptions = {
	name: 'New Account',
	value: 'newAccount',
	description: 'A device was enrolled: a new account appeared (by its creation time)',
};

export const event = timestampWatch('created', option, (label) => `There are no ${label} yet: enrol a device, then fetch again`);
