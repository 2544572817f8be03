import type { INodePropertyOptions } from 'n8n-workflow';

import { apiKeyWatch } from '../helpers/apiKeyWatch';

export const option: INodePropertyOptions = {
	name: 'New API Key',
	value: 'apiKeyCreated',
	description: "An API key was created by the credential's role (keys created by other roles are not listed to it)",
};

export const event = apiKeyWatch(
	option,
	"The credential's role has created no API key yet: create one, then fetch again",
);
