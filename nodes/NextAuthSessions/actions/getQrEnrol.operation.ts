import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_SHOWN_TEXT_LENGTH } from '../../shared/helpers/validation';
import { MAX_QR_BYTES } from '../../shared/transport/limits';
import { qrCodeDescription } from '../descriptions/qrCode.description';
import { qrCodeItem, qrCodeQuery, readQrCodeSettings, type QrCodeOutput } from '../helpers/qrCode';
import { readOptionalUserName } from '../helpers/userName';

export const option: INodePropertyOptions = {
	name: 'Get Enrolment QR Code',
	value: 'getQrEnrol',
	description: 'Get the QR code a new user or device scans with the nextAuth app to create an account',
	action: 'Get an enrolment QR code',
};

const OUTPUT: QrCodeOutput = {
	fileNames: { png: 'nextauth-enrol-qr.png', raw: 'nextauth-enrol-qr.bin' },
	payloadField: 'enrolqrdata',
};

export const description: INodeProperties[] = [
	...showOnlyFor(
		['getQrEnrol'],
		[
			{
				displayName: 'Account Name',
				name: 'enrolName',
				type: 'string',
				required: true,
				default: '',
				placeholder: "e.g. Alice's phone",
				description: 'The name the nextAuth app shows for the new account',
			},
			{
				displayName: 'User ID',
				name: 'enrolUserId',
				type: 'string',
				default: '',
				placeholder: 'e.g. alice',
				description:
					'The user name to register the new account under (created when new). Leave empty for an account without a user, to be given one later with Register User or Move to User.',
			},
		],
	),
	...qrCodeDescription('getQrEnrol', OUTPUT.payloadField),
];

/**
 * GET /servers/{serverid}/sessions/qr/enrol?name=…[&userid=…][&img=png&s=…], no body: the QR
 * code that creates a new account when scanned, bound to the session of the nonce.
 */
export const execute: OperationExecute = async function (item) {
	const { parameter, check } = item;
	const name = check.atMost(
		'Account Name',
		check.text('Account Name', parameter('enrolName', '')),
		MAX_SHOWN_TEXT_LENGTH,
	);
	const userId = readOptionalUserName(item, 'enrolUserId', 'User ID');
	const settings = readQrCodeSettings(item);

	const response = await item.send({
		method: 'GET',
		path: '/sessions/qr/enrol',
		query: { name, ...(userId !== undefined && { userid: userId }), ...qrCodeQuery(settings) },
		accept: 'application/octet-stream',
		maxBytes: MAX_QR_BYTES,
		permission: 'sessions',
	});
	return await qrCodeItem.call(this, response.body, settings, OUTPUT);
};
