/**
 * The QR-code fields of the login and enrolment QR calls (QR Format, QR Size, the output binary
 * field): one definition, the same parameter names in both, each operation showing its own copy.
 */
import type { INodeProperties } from 'n8n-workflow';

import { binaryPropertyField } from '../../shared/descriptions/binary.description';
import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_QR_SIZE } from '../../shared/helpers/validation';

/**
 * The fields, shown for `operation` only. `payloadField` is the item's json field that carries
 * the raw QR data as base64 (named in the Raw QR Data option).
 */
export function qrCodeDescription(operation: string, payloadField: string): INodeProperties[] {
	return showOnlyFor(
		[operation],
		[
			{
				displayName: 'QR Format',
				name: 'qrFormat',
				type: 'options',
				options: [
					{ name: 'PNG Image', value: 'png', description: 'A PNG picture of the QR code' },
					{
						name: 'Raw QR Data',
						value: 'raw',
						description: `The bytes the QR code encodes, as a file and as base64 in the item's ${payloadField} field (for AI agents, which cannot take files)`,
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
			binaryPropertyField,
		],
	);
}
