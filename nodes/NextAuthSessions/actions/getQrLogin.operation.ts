import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { showOnlyFor } from '../../shared/descriptions/display';
import { readUserContext } from '../helpers/userContext';
import { MAX_QR_SIZE } from '../../shared/helpers/validation';
import { MAX_QR_BYTES } from '../../shared/transport/limits';
import type { OperationExecute } from '../../shared/actions/item';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Get Login QR Code',
	value: 'getQrLogin',
	description: 'Get the QR code a user scans with the nextAuth app to log in to a session',
	action: 'Get a login QR code',
};

export const traits: OperationTraits = { userContext: true };

export const description: INodeProperties[] = showOnlyFor(['getQrLogin'], [
	{
		displayName: 'QR Format',
		name: 'qrFormat',
		type: 'options',
		options: [
			{ name: 'PNG Image', value: 'png', description: 'A PNG picture of the QR code' },
			{
				name: 'Raw QR Data',
				value: 'raw',
				description:
					"The bytes the QR code encodes, as a file and as base64 in the item's loginqrdata field (for AI agents, which cannot take files)",
			},
		],
		default: 'png',
	},
	{
		displayName: 'QR Size',
		name: 'qrSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_QR_SIZE, numberPrecision: 0 },
		default: 500,
		description: 'Width and height of the PNG image, in pixels',
		displayOptions: { show: { qrFormat: ['png'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
]);

const OUTPUT = {
	png: { fileName: 'nextauth-login-qr.png', mimeType: 'image/png' },
	raw: { fileName: 'nextauth-login-qr.bin', mimeType: 'application/octet-stream' },
} as const;

/**
 * GET /servers/{serverid}/sessions/qr/login — a GET with the user context as JSON body.
 * The answer becomes binary data through n8n's helpers, so every binary-data mode works.
 */
export const execute: OperationExecute = async function ({ parameter, send, check }) {
	const format = parameter('qrFormat', 'png') === 'raw' ? 'raw' : 'png';
	const size = format === 'png' ? check.qrSize('QR Size', parameter('qrSize', 500)) : undefined;
	const binaryPropertyName = check.text('Put Output File in Field', parameter('binaryPropertyName', 'data'));
	const body = readUserContext(parameter, check);

	const response = await send({
		method: 'GET',
		path: '/sessions/qr/login',
		query: size === undefined ? {} : { img: 'png', s: size },
		body,
		accept: 'application/octet-stream',
		maxBytes: MAX_QR_BYTES,
		permission: 'sessions',
	});

	const { fileName, mimeType } = OUTPUT[format];
	const binary = await this.helpers.prepareBinaryData(response.body, fileName, mimeType);
	// An AI agent gets only the json: the raw payload goes there too, as base64 under the name
	// Get Session uses for the same data. A PNG stays binary only (an image is no use to an agent).
	const payload = format === 'raw' ? { loginqrdata: response.body.toString('base64') } : {};
	return {
		json: { format, ...(size !== undefined && { size }), bytes: response.body.length, ...payload },
		binary: { [binaryPropertyName]: binary },
	};
};
