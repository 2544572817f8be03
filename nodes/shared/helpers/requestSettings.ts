/** The Options every request of a node takes (Server ID, Timeout, Max Retries, Max Retry Wait), read and checked. */
import type { IDataObject } from 'n8n-workflow';

import { OPTION_RANGES } from '../descriptions/options.description';
import type { RequestSettings } from '../transport';
import { serverIdFor, type NextAuthCredentials } from '../transport/credentials';
import { DEFAULT_TIMEOUT_MS } from '../transport/limits';
import { DEFAULT_RETRY } from '../transport/retry';
import type { ParameterCheck } from './validation';

export type RequestOptions = Required<Pick<RequestSettings, 'serverId' | 'timeoutMs' | 'retry'>>;

/** The Options' request settings, each checked against the editor's limits (expressions bypass them). */
export function readRequestOptions(
	options: IDataObject,
	check: ParameterCheck,
	credentials: NextAuthCredentials,
): RequestOptions {
	const option = (name: keyof typeof OPTION_RANGES, label: string, fallback: number) =>
		options[name] === undefined ? fallback : check.numberInRange(label, options[name], OPTION_RANGES[name]);
	return {
		serverId: check.pathId('Server ID', serverIdFor(options, credentials)),
		timeoutMs: option('timeout', 'Timeout', DEFAULT_TIMEOUT_MS),
		retry: {
			maxRetries: option('maxRetries', 'Max Retries', DEFAULT_RETRY.maxRetries),
			maxWaitMs: option('maxRetryWait', 'Max Retry Wait', DEFAULT_RETRY.maxWaitMs),
		},
	};
}
