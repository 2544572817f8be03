import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import type { OperationTraits } from './actions/types';
import { nonceDescription, optionsDescription } from './descriptions/common.description';
import { userContextDescription } from './descriptions/userContext.description';
import { waitForLoginDescription } from './descriptions/waitForLogin.description';
import { searchAccounts, searchUsers } from './methods/listSearch';

const operationList = Object.values(operations);
/** The operations whose module has this trait (see OperationTraits). */
const operationsWith = (trait: keyof OperationTraits) =>
	operationList.filter((operation) => 'traits' in operation && operation.traits[trait]).map((operation) => String(operation.option.value));
/** The operation's name under the node on the canvas, not its internal value. */
const subtitleNames = Object.fromEntries(operationList.map((operation) => [operation.option.value, operation.option.name]));

export class NextAuthSessions implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- the subtitle is built from the operation modules, not a literal
	description: INodeTypeDescription = {
		displayName: 'NextAuth Sessions',
		name: 'nextAuthSessions',
		icon: { light: 'file:nextauth.svg', dark: 'file:nextauth.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation's name, from the operation modules.
		subtitle: `={{ ${JSON.stringify(subtitleNames)}[$parameter["operation"]] }}`,
		description: 'Push logins, show login QR codes, check and end nextAuth sessions',
		defaults: { name: 'NextAuth Sessions' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: operationList.map((operation) => operation.option),
				default: 'getSession',
			},
			nonceDescription,
			...operationList.flatMap((operation) => operation.description),
			...userContextDescription(operationsWith('userContext')),
			...waitForLoginDescription(operationsWith('waitForLogin')),
			optionsDescription,
		],
	};

	methods = {
		listSearch: { searchAccounts, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
