import type { INodeProperties } from 'n8n-workflow';

export const resourceDescription: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Account', value: 'account', description: 'An app instance of a user: one phone or tablet' },
		{
			name: 'Server',
			value: 'server',
			description: 'The nextAuth server itself: the one the credential, or the Server ID option, names',
		},
		{ name: 'User', value: 'user', description: 'A person, with one or more accounts' },
	],
	default: 'account',
};
