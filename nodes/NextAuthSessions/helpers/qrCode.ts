/**
 * The QR-code parameters (QR Format, QR Size, output field) read and checked, the query they
 * make, and the output item made of the QR answer: shared by the login and enrolment QR calls.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemContext } from '../../shared/helpers/interfaces';

export type QrFormat = 'png' | 'raw';

export interface QrCodeSettings {
	format: QrFormat;
	/** Pixels, for a PNG only. */
	size?: number;
	binaryPropertyName: string;
}

/** What a QR call's output is called: file names per format, and the json field of the raw data. */
export interface QrCodeOutput {
	fileNames: Record<QrFormat, string>;
	/** The json field that carries the raw QR data as base64, e.g. `loginqrdata`. */
	payloadField: string;
}

const MIME_TYPES: Record<QrFormat, string> = { png: 'image/png', raw: 'application/octet-stream' };

/** QR Format, QR Size (PNG only) and the output field, checked in that order. */
export function readQrCodeSettings({ parameter, check }: Pick<ItemContext, 'parameter' | 'check'>): QrCodeSettings {
	const format = parameter('qrFormat', 'png') === 'raw' ? 'raw' : 'png';
	const size = format === 'png' ? check.qrSize('QR Size', parameter('qrSize', 500)) : undefined;
	const binaryPropertyName = check.text('Put Output File in Field', parameter('binaryPropertyName', 'data'));
	return { format, size, binaryPropertyName };
}

/** `img=png&s=…` for a PNG; nothing for the raw data (the API answers the raw bytes without `img`). */
export function qrCodeQuery({ size }: QrCodeSettings): Record<string, string | number> {
	return size === undefined ? {} : { img: 'png', s: size };
}

/**
 * The output item: the QR answer as binary data through n8n's helpers (so every binary-data mode
 * works), and json `{ format, size (PNG), bytes }`. An AI agent gets only the json: the raw data
 * goes there too, as base64; a PNG stays binary only (an image is no use to an agent).
 */
export async function qrCodeItem(
	this: IExecuteFunctions,
	answer: Buffer,
	settings: QrCodeSettings,
	output: QrCodeOutput,
): Promise<INodeExecutionData> {
	const { format, size, binaryPropertyName } = settings;
	const binary = await this.helpers.prepareBinaryData(answer, output.fileNames[format], MIME_TYPES[format]);
	const payload = format === 'raw' ? { [output.payloadField]: answer.toString('base64') } : {};
	return {
		json: { format, ...(size !== undefined && { size }), bytes: answer.length, ...payload },
		binary: { [binaryPropertyName]: binary },
	};
}
