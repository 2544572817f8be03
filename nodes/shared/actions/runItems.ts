/**
 * The run loop both nodes share: reads the Options, checks them for each item, sends through the
 * front door (ApiClient) with the run's cancellation, runs items `Concurrency` at a time, and keeps
 * every output in its input's position, paired with it.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, OPTION_RANGES } from '../descriptions/options.description';
import { ApiClient, type CallSettings } from '../helpers/apiClient';
import type { ItemContext } from '../helpers/interfaces';
import { ParameterReader, type ReadParameter } from '../helpers/parameters';
import { ParameterCheck } from '../helpers/validation';
import { Cancellation, type RequestSettings } from '../transport';
import { NextAuthNetworkError } from '../transport/errors';
import type { OperationExecute } from './item';

export interface RunSettings {
	/**
	 * Request settings a node reads from each item's own fields (NextAuth Sessions: the Nonce, sent
	 * as X-nonce), after the Options; checked there, so a bad value fails the item before any request.
	 */
	itemSettings?: (parameter: ReadParameter, check: ParameterCheck) => Pick<RequestSettings, 'nonce'>;
}

export async function runItems(
	this: IExecuteFunctions,
	execute: OperationExecute,
	{ itemSettings }: RunSettings = {},
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const cancellation = new Cancellation(this.getExecutionCancelSignal());
	const api = await ApiClient.open(this, cancellation);
	const continueOnFail = this.continueOnFail();
	const parameters = new ParameterReader(this, items);

	/** One item in, its outputs out (or the error that stops the node); undefined when n8n stopped the run. */
	const runItem = async (itemIndex: number): Promise<INodeExecutionData[] | undefined> => {
		const paired = (output: INodeExecutionData) => ({ ...output, pairedItem: { item: itemIndex } });
		try {
			const check = new ParameterCheck(node, itemIndex);
			const parameter = parameters.forItem(itemIndex);
			const settings: CallSettings = {
				...api.requestOptions(parameter('options', {}) as IDataObject, check),
				...itemSettings?.(parameter, check),
			};
			const item: ItemContext = {
				itemIndex,
				serverId: settings.serverId,
				parameter,
				check,
				send: async (request, limits) => await api.send(request, limits ? { ...settings, ...limits } : settings),
				wait: async (ms) => await cancellation.pause(ms),
				passingFailure: (error) => api.passingFailure(error, itemIndex),
			};
			const output = await execute.call(this, item);
			return Array.isArray(output) ? output.map(paired) : [paired(output)];
		} catch (caught) {
			// Stopped, not failed: the item gets no output, the run one error (below).
			if (cancellation.cancelled) return undefined;
			const error = api.nodeError(caught, itemIndex);
			if (!continueOnFail) throw error;
			return [paired({ json: { error: error.message } })];
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
	const results = new Array<INodeExecutionData[]>(items.length);
	let nextIndex = 0;
	let finished = 0;
	const failure: { itemIndex?: number; error?: unknown } = {};
	const worker = async () => {
		// After n8n's stop no item starts (the items in flight end at once: their requests and waits
		// are cancelled).
		while (nextIndex < items.length && failure.itemIndex === undefined && !cancellation.cancelled) {
			const itemIndex = nextIndex++;
			try {
				const output = await runItem(itemIndex);
				if (output) {
					results[itemIndex] = output;
					finished++;
				}
			} catch (error) {
				// Without continue-on-fail no new item starts; the earliest failed item is reported.
				if (failure.itemIndex === undefined || itemIndex < failure.itemIndex)
					Object.assign(failure, { itemIndex, error });
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	if (failure.itemIndex !== undefined) throw failure.error;
	// Stopped before every item was done: one error for the run, never an error item per item
	// left (with continue-on-fail, a large input would become as many error items). n8n records it on the node and
	// ends the execution as cancelled; outputs of a part of the items would read as a success.
	if (finished < items.length) throw api.nodeError(NextAuthNetworkError.cancelled());
	return [results.flat()];
}

/** The Concurrency option, read once: it sizes the worker pool for the whole run. */
function readConcurrency(this: IExecuteFunctions, itemCount: number): number {
	const value = this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY);
	const concurrency = new ParameterCheck(this.getNode(), 0).numberInRange(
		'Concurrency',
		value,
		OPTION_RANGES.concurrency,
	);
	return Math.max(1, Math.min(concurrency, itemCount));
}
