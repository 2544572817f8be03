import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, OPTION_RANGES } from '../descriptions/common.description';
import { ParameterReader } from '../helpers/parameters';
import { ParameterCheck } from '../helpers/validation';
import { Cancellation, sendNextAuthRequest, type RequestSettings } from '../transport';
import { egressFilterOf } from '../transport/egress';
import { CREDENTIAL_TYPE, serverIdFor, toNextAuthCredentials } from '../transport/credentials';
import { isNextAuthError, toNodeApiError } from '../transport/errors';
import { DEFAULT_TIMEOUT_MS } from '../transport/limits';
import { DEFAULT_RETRY } from '../transport/retry';
import * as createTransaction from './createTransaction.operation';
import * as getQrLogin from './getQrLogin.operation';
import * as getSession from './getSession.operation';
import * as getTransactionResult from './getTransactionResult.operation';
import * as logout from './logout.operation';
import * as provokeLogin from './provokeLogin.operation';
import * as provokeLoginOnAccount from './provokeLoginOnAccount.operation';
import * as provokeLoginOnUser from './provokeLoginOnUser.operation';
import type { ItemContext, OperationTraits } from './types';

/** Every operation, by its `operation` value. Order is the order of the editor's list. */
export const operations = {
	getTransactionResult,
	getQrLogin,
	getSession,
	logout,
	provokeLogin,
	provokeLoginOnAccount,
	provokeLoginOnUser,
	createTransaction,
};

export type OperationName = keyof typeof operations;

/** What an operation takes beyond its own fields, as its module states it (none when it says nothing). */
export function traitsOf(operation: (typeof operations)[OperationName]): OperationTraits {
	return 'traits' in operation ? operation.traits : {};
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const operationName = this.getNodeParameter('operation', 0) as string;
	if (!(operationName in operations)) {
		throw new NodeOperationError(node, `Operation "${operationName}" is not supported`);
	}
	const operation = operations[operationName as OperationName];
	const takesNonce = !traitsOf(operation).withoutNonce;
	const credentials = toNextAuthCredentials(await this.getCredentials(CREDENTIAL_TYPE));
	const cancellation = new Cancellation(this.getExecutionCancelSignal());
	const egress = egressFilterOf(this.helpers);
	const continueOnFail = this.continueOnFail();
	const parameters = new ParameterReader(this, items);

	/** One item in, one item out (or the error that stops the node). */
	const runItem = async (itemIndex: number): Promise<INodeExecutionData> => {
		try {
			const check = new ParameterCheck(node, itemIndex);
			const parameter = parameters.forItem(itemIndex);
			const options = parameter('options', {}) as IDataObject;
			const serverId = check.pathId('Server ID', serverIdFor(options, credentials));
			const nonce = takesNonce ? check.headerValue('Nonce', parameter('nonce')) : undefined;
			const option = (name: keyof typeof OPTION_RANGES, label: string, fallback: number) =>
				options[name] === undefined ? fallback : check.numberInRange(label, options[name], OPTION_RANGES[name]);
			const settings: RequestSettings = {
				serverId,
				nonce,
				cancellation,
				egress,
				timeoutMs: option('timeout', 'Timeout', DEFAULT_TIMEOUT_MS),
				retry: {
					maxRetries: option('maxRetries', 'Max Retries', DEFAULT_RETRY.maxRetries),
					maxWaitMs: option('maxRetryWait', 'Max Retry Wait', DEFAULT_RETRY.maxWaitMs),
				},
			};
			const item: ItemContext = {
				itemIndex,
				parameter,
				check,
				send: async (request) => await sendNextAuthRequest(credentials, request, settings),
				wait: async (ms) => await cancellation.pause(ms),
			};
			const output = await operation.execute.call(this, item);
			return { ...output, pairedItem: { item: itemIndex } };
		} catch (caught) {
			const error = isNextAuthError(caught)
				? toNodeApiError(node, caught, credentials, itemIndex)
				: caught;
			if (!continueOnFail) throw error;
			return { json: { error: (error as Error).message }, pairedItem: { item: itemIndex } };
		}
	};

	// A fixed number of workers take the items in order; results keep their input's position.
	// A Concurrency out of range fails every item before any request: the run cannot be sized.
	const concurrencyRead = (() => {
		try {
			return { concurrency: readConcurrency.call(this, items.length) };
		} catch (error) {
			return { error: error as Error };
		}
	})();
	if (concurrencyRead.error) {
		if (!continueOnFail) throw concurrencyRead.error;
		return [items.map((_, item) => ({ json: { error: concurrencyRead.error.message }, pairedItem: { item } }))];
	}
	const { concurrency } = concurrencyRead;
	const results = new Array<INodeExecutionData>(items.length);
	let nextIndex = 0;
	const failure: { itemIndex?: number; error?: unknown } = {};
	const worker = async () => {
		while (nextIndex < items.length && failure.itemIndex === undefined) {
			const itemIndex = nextIndex++;
			try {
				results[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				// Without continue-on-fail no new item starts; the earliest failed item is reported.
				if (failure.itemIndex === undefined || itemIndex < failure.itemIndex) Object.assign(failure, { itemIndex, error });
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	if (failure.itemIndex !== undefined) throw failure.error;
	return [results];
}

/** The Concurrency option, read once: it sizes the worker pool for the whole run. */
function readConcurrency(this: IExecuteFunctions, itemCount: number): number {
	const value = this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY);
	const concurrency = new ParameterCheck(this.getNode(), 0).numberInRange('Concurrency', value, OPTION_RANGES.concurrency);
	return Math.max(1, Math.min(concurrency, itemCount));
}
