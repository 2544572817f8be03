import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationDescription, resourceOperationSubtitle } from '../shared/descriptions/operation.description';
import { optionsDescription } from '../shared/descriptions/options.description';
import { searchAccounts, searchUsers } from '../shared/methods/listSearch';
import { operations as accountOperations } from './actions/account';
import { router } from './actions/router';
import { operations as serverOperations } from './actions/server';
import { operations as userOperations } from './actions/user';
import { resourceDescription } from './descriptions/resource.description';

const accountList = Object.values(accountOperations);
const serverList = Object.values(serverOperations);
const userList = Object.values(userOperations);

export class NextAuth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NextAuth',
		name: 'nextAuth',
		icon: { light: 'file:../../icons/nextauth.svg', dark: 'file:../../icons/nextauth.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: resourceOperationSubtitle({
			account: accountList.map((operation) => operation.option),
			server: serverList.map((operation) => operation.option),
			user: userList.map((operation) => operation.option),
		}),
		description:
			"Find, block, move and delete nextAuth accounts and users, manage user attributes, get the server's visual hash",
		defaults: { name: 'NextAuth' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true }],
		properties: [
			resourceDescription,
			operationDescription(
				accountList.map((operation) => operation.option),
				'getAll',
				'account',
			),
			operationDescription(
				serverList.map((operation) => operation.option),
				'getVisualHash',
				'server',
			),
			operationDescription(
				userList.map((operation) => operation.option),
				'getAll',
				'user',
			),
			...accountList.flatMap((operation) => operation.description),
			...serverList.flatMap((operation) => operation.description),
			...userList.flatMap((operation) => operation.description),
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
