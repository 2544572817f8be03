import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { operationDescription, operationSubtitle } from '../shared/descriptions/operation.description';
import { optionsDescription } from '../shared/descriptions/options.description';
import { searchAccounts, searchUsers } from '../shared/methods/listSearch';
import { operations, router, traitsOf } from './actions/router';
import type { OperationTraits } from './actions/types';
import { nonceDescription } from './descriptions/nonce.description';
import { userContextDescription } from './descriptions/userContext.description';
import { waitForDecisionDescription, waitForLoginDescription } from './descriptions/wait.description';

const operationList = Object.values(operations);
/** The operations whose module has this trait (see OperationTraits). */
const operationsWith = (trait: keyof OperationTraits) =>
	operationList.filter((operation) => traitsOf(operation)[trait]).map((operation) => String(operation.option.value));
const operationOptions = operationList.map((operation) => operation.option);

export class NextAuthSessions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NextAuth Sessions',
		name: 'nextAuthSessions',
		icon: { light: 'file:../../icons/nextauth.svg', dark: 'file:../../icons/nextauth.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(operationOptions),
		description: 'Push logins, show login and enrolment QR codes, register user names, check and end nextAuth sessions',
		defaults: { name: 'NextAuth Sessions' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true }],
		properties: [
			operationDescription(operationOptions, 'getSession'),
			nonceDescription(operationsWith('withoutNonce')),
			...operationList.flatMap((operation) => operation.description),
			...userContextDescription(operationsWith('userContext')),
			...waitForLoginDescription(operationsWith('waitForLogin')),
			...waitForDecisionDescription(operationsWith('waitForDecision')),
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
