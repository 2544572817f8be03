import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operations, router } from './actions/router';
import { nonceDescription, optionsDescription } from './descriptions/common.description';
import { userContextDescription } from './descriptions/userContext.description';
import { waitForLoginDescription } from './descriptions/waitForLogin.description';
import { nextAuthApiTest } from './methods/credentialTest';
import { searchAccounts, searchUsers } from './methods/listSearch';

const operationList = Object.values(operations);

export class NextAuthSessions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NextAuth Sessions',
		name: 'nextAuthSessions',
		icon: { light: 'file:nextauth.svg', dark: 'file:nextauth.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation's name under the node on the canvas, not its internal value.
		subtitle:
			'={{ {"getQrLogin": "Get Login QR Code", "getSession": "Get Session", "logout": "Log Out", "provokeLogin": "Push Login", "provokeLoginOnAccount": "Push Login to Account", "provokeLoginOnUser": "Push Login to User"}[$parameter["operation"]] }}',
		description: 'Push logins, show login QR codes, check and end nextAuth sessions',
		defaults: { name: 'NextAuth Sessions' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true, testedBy: 'nextAuthApiTest' }],
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
			...userContextDescription,
			...waitForLoginDescription,
			optionsDescription,
		],
	};

	methods = {
		credentialTest: { nextAuthApiTest },
		listSearch: { searchAccounts, searchUsers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
