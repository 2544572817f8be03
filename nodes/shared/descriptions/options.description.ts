/** The Options collection both nodes show for every operation: defined once, checked again at run time. */
import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_TIMEOUT_MS,
	MAX_CONCURRENCY,
	MAX_RETRIES,
	MAX_RETRY_WAIT_MS,
	MAX_TIMEOUT_MS,
} from '../transport/limits';

/**
 * Requests in flight at once when the Concurrency option is not set: enough to keep up with n8n's
 * own HTTP Request node (which sends every item at once) at the API's round trip; a busy API
 * answers 429, and the node then slows the whole pool down instead of failing items (figures:
 * docs/performance.md).
 */
export const DEFAULT_CONCURRENCY = 20;

/** The editor's limits of the Options, checked again at run time (expressions bypass the editor). */
export const OPTION_RANGES = {
	concurrency: { min: 1, max: MAX_CONCURRENCY, whole: true },
	maxRetries: { min: 0, max: MAX_RETRIES, whole: true },
	maxRetryWait: { min: 0, max: MAX_RETRY_WAIT_MS, unit: 'ms' },
	timeout: { min: 1, max: MAX_TIMEOUT_MS, unit: 'ms' },
};

const limits = (range: { min: number; max: number; whole?: boolean }) => ({
	minValue: range.min,
	maxValue: range.max,
	...(range.whole && { numberPrecision: 0 }),
});

export const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: limits(OPTION_RANGES.concurrency),
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests to have in flight at once. Output order and pairing stay the same; 1 sends one request after another.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: limits(OPTION_RANGES.maxRetries),
			default: 3, // DEFAULT_RETRY.maxRetries (n8n's lint wants a literal)
			description:
				'How often to send a request again when the API answers 429 (rate limited) or 503 (unavailable). A push, an approval request or a logout is sent again only after a 429: after a 503 the API may already have acted. 0 turns retries off.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: limits(OPTION_RANGES.maxRetryWait),
			default: 60000, // DEFAULT_RETRY.maxWaitMs
			description:
				'The most time to spend waiting between retries of one request, in milliseconds. A Retry-After longer than what is left ends the retries.',
		},
		{
			displayName: 'Server ID',
			name: 'serverId',
			type: 'string',
			default: '',
			placeholder: 'e.g. c2VydmVyaWQ=',
			description: "Use this base64 server ID instead of the credential's",
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: limits(OPTION_RANGES.timeout),
			default: DEFAULT_TIMEOUT_MS,
			description:
				'How long one request may take, from waiting for a connection to the last byte of the answer, in milliseconds',
		},
	],
};
