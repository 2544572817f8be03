import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { MAX_QR_BYTES } from '../../shared/transport/limits';
import { qrCodeDescription } from '../descriptions/qrCode.description';
import { qrCodeItem, qrCodeQuery, readQrCodeSettings, type QrCodeOutput } from '../helpers/qrCode';
import { readUserContext } from '../helpers/userContext';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Get Login QR Code',
	value: 'getQrLogin',
	description: 'Get the QR code a user scans with the nextAuth app to log in to a session',
	action: 'Get a login QR code',
};

export const traits: OperationTraits = { userContext: true };

// The raw payload goes to the json under the name Get Session uses for the same data.
const OUTPUT: QrCodeOutput = {
	fileNames: { png: 'nextauth-login-qr.png', raw: 'nextauth-login-qr.bin' },
	payloadField: 'loginqrdata',
};

export const description: INodeProperties[] = qrCodeDescription('getQrLogin', OUTPUT.payloadField);

/** GET /servers/{serverid}/sessions/qr/login — a GET with the user context as JSON body. */
export const execute: OperationExecute = async function (item) {
	const settings = readQrCodeSettings(item);
	const body = readUserContext(item.parameter, item.check);

	const response = await item.send({
		method: 'GET',
		path: '/sessions/qr/login',
		query: qrCodeQuery(settings),
		body,
		accept: 'application/octet-stream',
		maxBytes: MAX_QR_BYTES,
		permission: 'sessions',
	});
	return await qrCodeItem.call(this, response.body, settings, OUTPUT);
};
