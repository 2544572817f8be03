import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { approvalResult } from './transactions';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Get Approval Result',
	value: 'getTransactionResult',
	description: 'Whether the user approved or declined a requested approval, or has not decided yet',
	action: 'Get the result of an approval request',
};

export const traits: OperationTraits = { withoutNonce: true };

export const description: INodeProperties[] = showOnlyFor(
	['getTransactionResult'],
	[
		{
			displayName: 'Transaction ID',
			name: 'transactionId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.transactionId }}',
			description: 'The ID Request Approval returned (base64)',
		},
	],
);

/** GET /servers/{serverid}/transactions/{transactionid} → { transactionId, status, approved, decided }. */
export const execute: OperationExecute = async function ({ parameter, check, send }) {
	const transactionId = check.pathId('Transaction ID', String(parameter('transactionId', '') ?? '').trim());
	return { json: await approvalResult(send, transactionId) };
};
