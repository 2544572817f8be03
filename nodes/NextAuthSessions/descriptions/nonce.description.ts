import type { INodeProperties } from 'n8n-workflow';

/** The Nonce, hidden for the operations that name no session. */
export const nonceDescription = (hiddenFor: string[]): INodeProperties => ({
	displayName: 'Nonce',
	name: 'nonce',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.nonce }}',
	description: 'The nonce that identifies one browser session on your web server (sent as the X-nonce header)',
	...(hiddenFor.length > 0 && { displayOptions: { hide: { operation: hiddenFor } } }),
});
