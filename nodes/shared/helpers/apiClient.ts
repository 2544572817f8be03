/**
 * The front door to the nextAuth API: the item loop, the trigger's poll and the list pickers all
 * reach the API through an ApiClient, and nothing else reads the credential, n8n's egress filter or
 * the Options' request settings, sends, or turns a failure into an n8n error. The request flow is
 * described in docs/architecture.md ("How a request flows").
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type IPollFunctions,
	type NodeEgressFilter,
} from 'n8n-workflow';

import {
	isPassingFailure,
	sendNextAuthRequest,
	type Cancellation,
	type NextAuthRequest,
	type NextAuthResponse,
	type RequestSettings,
} from '../transport';
import {
	CREDENTIAL_TYPE,
	serverIdFor,
	toNextAuthCredentials,
	type NextAuthCredentials,
} from '../transport/credentials';
import { egressFilterOf } from '../transport/egress';
import { isNextAuthError, toNodeApiError } from '../transport/errors';
import { readRequestOptions, type RequestOptions } from './requestSettings';
import type { ParameterCheck } from './validation';

/** The n8n functions a client is opened with: a node's run, a trigger's poll, the editor's list search. */
export type ApiContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** A request's settings as a caller gives them; the client adds the run's cancellation and the egress filter. */
export type CallSettings = Omit<RequestSettings, 'cancellation' | 'egress'>;

export class ApiClient {
	private constructor(
		private readonly node: INode,
		/** The credential's fields, read once for the run, poll or list page. */
		readonly credentials: NextAuthCredentials,
		private readonly egress: NodeEgressFilter | undefined,
		private readonly cancellation: Cancellation | undefined,
	) {}

	/**
	 * Reads the credential and n8n's egress (SSRF) filter. `cancellation` is the run's (n8n's stop
	 * button): every request of the client ends with it; none for a poll or the editor.
	 */
	static async open(context: ApiContext, cancellation?: Cancellation): Promise<ApiClient> {
		const credentials = toNextAuthCredentials(await context.getCredentials(CREDENTIAL_TYPE));
		return new ApiClient(context.getNode(), credentials, egressFilterOf(context.helpers), cancellation);
	}

	/** The Options' request settings (Server ID, Timeout, Max Retries, Max Retry Wait), each checked by name. */
	requestOptions(options: IDataObject, check: ParameterCheck): RequestOptions {
		return readRequestOptions(options, check, this.credentials);
	}

	/** The Options' Server ID when set, the credential's otherwise, as given (the transport checks it). */
	serverId(options: IDataObject): string {
		return serverIdFor(options, this.credentials);
	}

	/**
	 * Sends one request and reads its answer. A failure is thrown as the transport's error, so a
	 * caller may still ask `passingFailure` of it; `nodeError` turns it into n8n's where the caller
	 * hands it to n8n.
	 */
	async send(request: NextAuthRequest, settings: CallSettings): Promise<NextAuthResponse> {
		return await sendNextAuthRequest(this.credentials, request, {
			...settings,
			cancellation: this.cancellation,
			egress: this.egress,
		});
	}

	/**
	 * Any failure as n8n shows it: the API's and the network's as a NodeApiError with the
	 * package's sentence, the status and the secrets removed; n8n's own errors as they are;
	 * anything else as a NodeOperationError (n8n keeps only the message of an error it does not know).
	 */
	nodeError(error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
		if (isNextAuthError(error)) return toNodeApiError(this.node, error, this.credentials, itemIndex);
		if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
		return new NodeOperationError(this.node, error as Error, { itemIndex });
	}

	/**
	 * For a failure a later call may not meet (network, timeout, 5xx, 429; see isPassingFailure):
	 * its sentence, as the item's error would say it. Undefined for any other failure.
	 */
	passingFailure(error: unknown, itemIndex?: number): string | undefined {
		return isPassingFailure(error) && isNextAuthError(error)
			? toNodeApiError(this.node, error, this.credentials, itemIndex).message
			: undefined;
	}
}
