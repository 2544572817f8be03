import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ParameterCheck } from '../helpers/validation';
import { sendNextAuthRequest, type RequestSettings } from '../transport';
import { CREDENTIAL_TYPE, toNextAuthCredentials } from '../transport/credentials';
import { isNextAuthError, toNodeApiError } from '../transport/errors';
import { DEFAULT_RETRY } from '../transport/retry';
import * as getQrLogin from './getQrLogin.operation';
import * as getSession from './getSession.operation';
import * as logout from './logout.operation';
import * as provokeLogin from './provokeLogin.operation';
import * as provokeLoginOnAccount from './provokeLoginOnAccount.operation';
import * as provokeLoginOnUser from './provokeLoginOnUser.operation';
import type { ItemContext } from './types';

/** Every operation, by its `operation` value. Order is the order of the editor's list. */
export const operations = {
	getQrLogin,
	getSession,
	logout,
	provokeLogin,
	provokeLoginOnAccount,
	provokeLoginOnUser,
};

export type OperationName = keyof typeof operations;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const operationName = this.getNodeParameter('operation', 0) as string;
	if (!(operationName in operations)) {
		throw new NodeOperationError(node, `Operation "${operationName}" is not supported`);
	}
	const operation = operations[operationName as OperationName];
	const credentials = toNextAuthCredentials(await this.getCredentials(CREDENTIAL_TYPE));
	const signal = this.getExecutionCancelSignal();

	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const check = new ParameterCheck(node, itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const serverId = check.pathId(
				'Server ID',
				String(options.serverId ?? '').trim() || credentials.serverId,
			);
			const nonce = check.headerValue('Nonce', this.getNodeParameter('nonce', itemIndex));
			const settings: RequestSettings = {
				serverId,
				nonce,
				signal,
				timeoutMs: typeof options.timeout === 'number' ? options.timeout : undefined,
				retry: {
					maxRetries: typeof options.maxRetries === 'number' ? options.maxRetries : DEFAULT_RETRY.maxRetries,
					maxWaitMs: typeof options.maxRetryWait === 'number' ? options.maxRetryWait : DEFAULT_RETRY.maxWaitMs,
				},
			};
			const item: ItemContext = {
				itemIndex,
				check,
				send: async (request) => await sendNextAuthRequest(credentials, request, settings),
			};
			const output = await operation.execute.call(this, item);
			results.push({ ...output, pairedItem: { item: itemIndex } });
		} catch (caught) {
			const error = isNextAuthError(caught)
				? toNodeApiError(node, caught, credentials, itemIndex)
				: caught;
			if (!this.continueOnFail()) throw error;
			results.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [results];
}
