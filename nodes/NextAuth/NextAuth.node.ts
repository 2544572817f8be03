import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resourceProperties, resourcesSubtitle } from '../shared/actions/resource';
import { optionsDescription } from '../shared/descriptions/options.description';
import { searchAccounts, searchUsers } from '../shared/methods/listSearch';
import { DEFAULT_RESOURCE, resources } from './actions/resources';
import { router } from './actions/router';

export class NextAuth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NextAuth',
		name: 'nextAuth',
		icon: { light: 'file:../../icons/nextauth.svg', dark: 'file:../../icons/nextauth.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: resourcesSubtitle(resources),
		description:
			'Find, block, move and delete nextAuth accounts and users; manage attributes, servers, permissions, API keys and user roles',
		defaults: { name: 'NextAuth' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true }],
		properties: [...resourceProperties(resources, DEFAULT_RESOURCE), optionsDescription],
	};

	methods = {
		listSearch: { searchAccounts, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
