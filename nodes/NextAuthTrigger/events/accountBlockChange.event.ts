import type { INodePropertyOptions } from 'n8n-workflow';

import { blockWatch } from '../helpers/blockWatch';

export const option: INodePropertyOptions = {
	name: 'Account Blocked or Unblocked',
	value: 'accountBlockChange',
	description: 'An account was blocked, or a blocked account was unblocked (reads the whole account list each poll)',
};

export const event = blockWatch(option, (label) => `There are no ${label} yet: enrol a device, then fetch again`);
