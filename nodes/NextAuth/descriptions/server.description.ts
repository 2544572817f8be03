/** The fields of a Server that Create Server and Update Server send: one list for both collections and their checks. */
import type { INodeProperties } from 'n8n-workflow';

import type { NumberRange } from '../../shared/helpers/validation';

/** A PIN time-out: minutes; -1 never asks again, 0 asks every time. A year at most. */
const PIN_MINUTES: NumberRange = { min: -1, max: 525_600, whole: true, unit: 'minutes' };

/** The ranges of the number fields, by name. */
export const SERVER_NUMBER_RANGES: Record<string, NumberRange> = {
	pinTimeout: PIN_MINUTES,
	pinTransTimeout: PIN_MINUTES,
	pingTime: { min: 0, max: 86_400, whole: true, unit: 'seconds' },
};

/** The most bytes of a logo (base64 in the JSON body). */
export const MAX_LOGO_BYTES = 256 * 1024;

export const SERVER_NAME: INodeProperties = {
	displayName: 'Server Name',
	name: 'serverName',
	type: 'string',
	default: '',
	placeholder: 'e.g. Intranet',
	description: 'The name the nextAuth app shows for the server',
};

/** The fields both collections offer, in the editor's (alphabetical) order. */
export const SERVER_FIELDS: INodeProperties[] = [
	{
		displayName: 'Android App Link',
		name: 'appandroid',
		type: 'string',
		default: '',
		description: 'Where Android users get the app the server works with',
	},
	{ displayName: 'App Name', name: 'appname', type: 'string', default: '', description: 'The name of the app' },
	{ displayName: 'App URL', name: 'appurl', type: 'string', default: '', description: 'The web address of the app' },
	{
		displayName: 'iOS App Link',
		name: 'appios',
		type: 'string',
		default: '',
		description: 'Where iOS users get the app the server works with',
	},
	{
		displayName: 'Logo (Base64)',
		name: 'logo',
		type: 'string',
		default: '',
		description: `The logo the nextAuth app shows, as base64-encoded image data (at most ${MAX_LOGO_BYTES / 1024} KB)`,
	},
	{
		displayName: 'Ping Time (Seconds)',
		name: 'pingTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 86_400, numberPrecision: 0 },
		default: 0,
		description: 'Seconds the app has to answer a ping (continuous authentication)',
	},
	{
		displayName: 'PIN Timeout for Approvals (Minutes)',
		name: 'pinTransTimeout',
		type: 'number',
		typeOptions: { minValue: -1, maxValue: PIN_MINUTES.max, numberPrecision: 0 },
		default: 0,
		description:
			'Minutes since the PIN was last entered before the app asks for it again to approve an action; -1 never, 0 every time',
	},
	{
		displayName: 'PIN Timeout for Logins (Minutes)',
		name: 'pinTimeout',
		type: 'number',
		typeOptions: { minValue: -1, maxValue: PIN_MINUTES.max, numberPrecision: 0 },
		default: 0,
		description:
			'Minutes since the PIN was last entered before the app asks for it again at login; -1 never, 0 every time',
	},
	{
		displayName: 'Server Flags',
		name: 'serverFlags',
		type: 'string',
		default: '',
		placeholder: 'e.g. nopin,noprovoke',
		description:
			'The flags of the server, separated by commas (or a list from an expression); replaces the flags it has',
	},
	{
		displayName: 'Site URL',
		name: 'siteurl',
		type: 'string',
		default: '',
		description: 'The web address of the site users log in to',
	},
];

/** A collection of the fields; with the name for Update Server (Create Server has it as a field of its own). */
export const serverFieldsCollection = (name: string, displayName: string, withName: boolean): INodeProperties => ({
	displayName,
	name,
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: withName
		? [...SERVER_FIELDS, SERVER_NAME].sort((a, b) => a.displayName.localeCompare(b.displayName))
		: SERVER_FIELDS,
});
