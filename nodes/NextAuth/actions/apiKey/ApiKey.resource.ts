/** The API key resource: the keys the credential's role created. The API has no call to delete one. */
import type { ResourceModule } from '../../../shared/actions/resource';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export const apiKey: ResourceModule = {
	option: {
		name: 'API Key',
		value: 'apiKey',
		description: "The API keys the credential's role created (needs the global servers permission)",
	},
	defaultOperation: 'getAll',
	operations: { create, getAll },
};
