import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ReadParameter } from '../helpers/parameters';
import type { ParameterCheck } from '../helpers/validation';
import type { NextAuthRequest, NextAuthResponse } from '../transport';

/** Sends a request for the current item: credentials, server id, nonce and timeout already applied. */
export type SendRequest = (request: NextAuthRequest) => Promise<NextAuthResponse>;

export interface ItemContext {
	itemIndex: number;
	/** Use instead of `this.getNodeParameter`: the same values, read faster (see ParameterReader). */
	parameter: ReadParameter;
	send: SendRequest;
	check: ParameterCheck;
	/** Waits, or rejects as soon as n8n cancels the execution. */
	wait: (ms: number) => Promise<void>;
}

/**
 * What an operation takes beyond its own fields; the node builds the shared fields' display
 * conditions from these, so adding an operation touches its own file and the operations map only.
 */
export interface OperationTraits {
	/** Sends the user context (the fields the nextAuth app shows). */
	userContext?: boolean;
	/** Can wait until the user confirms the login in the app. */
	waitForLogin?: boolean;
	/** Can wait until the user approves or declines in the app. */
	waitForDecision?: boolean;
	/** Names no session: the Nonce field is hidden and no X-nonce is sent. */
	withoutNonce?: boolean;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	item: ItemContext,
) => Promise<INodeExecutionData>;

/** The output of calls that answer 200 with no body. A fresh object each time: items get mutated downstream. */
export const success = (): INodeExecutionData['json'] => ({ success: true });
