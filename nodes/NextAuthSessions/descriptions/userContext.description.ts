/**
 * The user context ("what the nextAuth app shows the user") of the QR-login and push operations:
 * defined once here and shown for each operation that sends one (those whose module says
 * `traits.userContext`).
 */
import type { INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../shared/descriptions/display';

const sessionInfoFields: INodeProperties[] = [
	{
		displayName: 'Info',
		name: 'info',
		type: 'json',
		default: '{}',
		description: 'Free-form information to show the user, as a JSON object',
	},
	{
		displayName: 'IP Address',
		name: 'ip',
		type: 'string',
		default: '',
		placeholder: 'e.g. 203.0.113.7',
	},
	{
		displayName: 'Logo',
		name: 'logo',
		type: 'string',
		default: '',
		description: 'Logo to show the user, as base64-encoded image bytes',
	},
	{
		displayName: 'User Agent',
		name: 'userAgent',
		type: 'string',
		default: '',
		placeholder: 'e.g. Mozilla/5.0 (X11; Linux x86_64) …',
		description: "The user's browser, as its User-Agent string",
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Send User Context',
		name: 'sendUserContext',
		type: 'boolean',
		default: false,
		description:
			'Whether to send information the nextAuth app shows the user, such as the IP address and browser of the session',
	},
	{
		displayName: 'User Context Input',
		name: 'userContextInput',
		type: 'options',
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in the fields below' },
			{ name: 'JSON', value: 'json', description: "Give the API's UserContext object as JSON" },
		],
		default: 'fields',
		displayOptions: { show: { sendUserContext: [true] } },
	},
	{
		displayName: 'Announce Info',
		name: 'announceInfo',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Shown in the app when the login is announced',
		options: sessionInfoFields,
		displayOptions: { show: { sendUserContext: [true], userContextInput: ['fields'] } },
	},
	{
		displayName: 'Session Info',
		name: 'sessionInfo',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Describes the browser session the user is logging in to',
		options: sessionInfoFields,
		displayOptions: { show: { sendUserContext: [true], userContextInput: ['fields'] } },
	},
	{
		displayName: 'User Context (JSON)',
		name: 'userContextJson',
		type: 'json',
		default: '{\n  "announceinfo": {},\n  "sessioninfo": {}\n}',
		description:
			'The UserContext object: "announceinfo" and "sessioninfo", each with "ip", "useragent", "logo" (base64) and "info" (object)',
		displayOptions: { show: { sendUserContext: [true], userContextInput: ['json'] } },
	},
];

/** The user-context fields, shown for `operations`. */
export const userContextDescription = (operations: string[]) => showOnlyFor(operations, properties);
