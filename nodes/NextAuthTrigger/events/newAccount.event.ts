import type { INodePropertyOptions } from 'n8n-workflow';

import { idWatch } from '../helpers/idWatch';

export const option: INodePropertyOptions = {
	name: 'New Account',
	value: 'newAccount',
	description: 'A device was enrolled: a new account appeared',
};

export const event = idWatch(option, (label) => `There are no ${label} yet: enrol a device, then fetch again`);
