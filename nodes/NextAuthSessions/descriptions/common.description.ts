/** Parameters every operation shares: defined once, shown for all. */
import type { INodeProperties } from 'n8n-workflow';

/**
 * Requests in flight at once when the Concurrency option is not set. 20 rather than 10: at a
 * 20 ms round trip, 10 in flight made bulk runs half as fast as n8n's own HTTP Request node
 * (which sends every item at once); a busy API answers 429, and the node then slows the whole
 * pool down instead of failing items (README, "Performance").
 */
export const DEFAULT_CONCURRENCY = 20;

export const nonceDescription: INodeProperties = {
	displayName: 'Nonce',
	name: 'nonce',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.nonce }}',
	description:
		'The nonce that identifies one browser session on your web server (sent as the X-nonce header)',
};

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
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests to have in flight at once. Output order and pairing stay the same; 1 sends one request after another.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			default: 3, // DEFAULT_RETRY.maxRetries
			description:
				'How often to send a request again when the API answers 429 (rate limited) or 503 (unavailable). 0 turns retries off.',
		},
		{
			displayName: 'Max Retry Wait',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60000, // DEFAULT_RETRY.maxWaitMs
			description:
				"The most time to spend waiting between retries of one request, in milliseconds. A Retry-After longer than what is left ends the retries.",
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
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for the whole answer, in milliseconds',
		},
	],
};
