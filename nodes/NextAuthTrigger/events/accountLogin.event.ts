import type { INodePropertyOptions } from 'n8n-workflow';

import { timestampWatch } from '../helpers/timestampWatch';

export const option: INodePropertyOptions = {
	name: 'Account Login',
	value: 'accountLogin',
	description: 'An account logged in: its last login time moved on (a first login included)',
};

export const event = timestampWatch(
	'lastlogin',
	option,
	(label) => `None of the ${label} has logged in yet: log in with one, then fetch again`,
);
