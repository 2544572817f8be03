import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { binaryPropertyField } from '../../../shared/descriptions/binary.description';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { SERVER_NOT_FOUND } from '../../../shared/helpers/administration';
import { NextAuthResponseError } from '../../../shared/transport/errors';
import { MAX_QR_BYTES } from '../../../shared/transport/limits';

export const option: INodePropertyOptions = {
	name: 'Get Visual Hash',
	value: 'getVisualHash',
	description:
		"Get the server's visual hash, a PNG image: shown next to an enrolment QR code, it lets the user check in the nextAuth app that the QR code comes from this server",
	action: 'Get the visual hash of the server',
};

export const description: INodeProperties[] = showOnlyFor(['getVisualHash'], [binaryPropertyField], 'server');

const FILE_NAME = 'nextauth-server-visual-hash.png';
const MIME_TYPE = 'image/png';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * GET /servers/{serverid}/vash (no trailing slash) → the PNG as binary data, and in the json its
 * size and the same bytes as base64 `visualhash`, for AI agents (they take json only).
 */
export const execute: OperationExecute = async function ({ parameter, send, check }) {
	const binaryPropertyName = check.text('Put Output File in Field', parameter('binaryPropertyName', 'data'));
	const response = await send({
		method: 'GET',
		path: '/vash',
		accept: 'application/octet-stream',
		// A visual hash is a small picture: the QR cap bounds it the same way.
		maxBytes: MAX_QR_BYTES,
		permission: 'sessions or servers',
		notFound: SERVER_NOT_FOUND,
	});
	// Labelled image/png, so only a PNG goes out as one (an error text answered with 200 would not open).
	if (!response.body.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
		throw new NextAuthResponseError(
			`The nextAuth API answered the visual hash with ${response.body.length} bytes that are not a PNG image`,
		);
	}
	const binary = await this.helpers.prepareBinaryData(response.body, FILE_NAME, MIME_TYPE);
	return {
		json: { bytes: response.body.length, visualhash: response.body.toString('base64') },
		binary: { [binaryPropertyName]: binary },
	};
};
