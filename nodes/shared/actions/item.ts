/** What an operation module gets for one item, and what it gives back. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ReadParameter } from '../helpers/parameters';
import type { ParameterCheck } from '../helpers/validation';
import type { NextAuthRequest, NextAuthResponse, RequestSettings } from '../transport';

/**
 * Sends a request for the current item: credentials, server id, nonce and timeout already
 * applied; `limits.deadline` ends it (attempts and retry waits included) by the end of a wait.
 */
export type SendRequest = (request: NextAuthRequest, limits?: Pick<RequestSettings, 'deadline'>) => Promise<NextAuthResponse>;

export interface ItemContext {
	itemIndex: number;
	/** Use instead of `this.getNodeParameter`: the same values, read faster (see ParameterReader). */
	parameter: ReadParameter;
	send: SendRequest;
	check: ParameterCheck;
	/** Waits, or rejects as soon as n8n cancels the execution. */
	wait: (ms: number) => Promise<void>;
	/**
	 * For a failure a later call may not meet (network, timeout, 5xx, 429; see isPassingFailure):
	 * its sentence, as the item's error would say it. Undefined for any other error, which must
	 * end the item (a cancellation among them).
	 */
	passingFailure: (error: unknown) => string | undefined;
}

/** One output item, or several (a list call gives one per entry); all are paired with the input item. */
export type OperationExecute = (
	this: IExecuteFunctions,
	item: ItemContext,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

/** The output of calls that answer 200 with no body. A fresh object each time: items get mutated downstream. */
export const success = (): INodeExecutionData['json'] => ({ success: true });

/** The output of the delete calls, which answer 200 with no body. */
export const deleted = (): INodeExecutionData['json'] => ({ deleted: true });
