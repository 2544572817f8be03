import type { INodePropertyOptions } from 'n8n-workflow';

import { serverWatch } from '../helpers/serverWatch';

export const option: INodePropertyOptions = {
	name: 'Server Settings Changed',
	value: 'serverChange',
	description: "The server's settings changed: name, app links, PIN time-outs, ping time, flags, logo",
};

export const event = serverWatch(option, 'The server could not be read');
