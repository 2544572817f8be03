/** What an operation module gets for one item. */
import type { NextAuthRequest, NextAuthResponse, RequestSettings } from '../transport';
import type { ReadParameter } from './parameters';
import type { ParameterCheck } from './validation';

/**
 * Sends a request for the current item: credentials, server id, nonce and timeout already
 * applied; `limits.deadline` ends it (attempts and retry waits included) by the end of a wait.
 */
export type SendRequest = (
	request: NextAuthRequest,
	limits?: Pick<RequestSettings, 'deadline'>,
) => Promise<NextAuthResponse>;

export interface ItemContext {
	itemIndex: number;
	/** The server the item's calls name: the Server ID option where set, else the credential's. */
	serverId: string;
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
