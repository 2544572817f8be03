import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_SHOWN_TEXT_LENGTH } from '../../shared/helpers/validation';
import { parseJsonObject } from '../../shared/transport';
import { NextAuthResponseError } from '../../shared/transport/errors';
import { pollUntil, readWait } from '../helpers/wait';
import { approvalResult, pendingResult } from './transactions';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Request Approval',
	value: 'createTransaction',
	description: 'Ask the user logged in on a session to approve an action in the nextAuth app',
	action: 'Request approval of an action',
};

export const traits: OperationTraits = { waitForDecision: true };

export const description: INodeProperties[] = showOnlyFor(
	['createTransaction'],
	[
		{
			displayName: 'Description',
			name: 'transactionDescription',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Deploy release 4.2 to production',
			description: 'What the user is asked to approve, as shown in the app',
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'string',
			default: '',
			placeholder: 'e.g. EUR 1,250.00',
			description: 'An amount to show with the request, as text (optional)',
		},
		{
			displayName: 'Beneficiary',
			name: 'beneficiary',
			type: 'string',
			default: '',
			placeholder: 'e.g. ACME Ltd.',
			description: 'Who benefits, as text (optional)',
		},
	],
);

/** The API's answer to a transaction on a session nobody is logged in on. */
const NOBODY_LOGGED_IN = /no account associated/i;

/**
 * POST /servers/{serverid}/sessions/transactions with the Transaction body; the API's field is
 * spelled `benificiary`. Never sent again once the API may have received it (a second request
 * is a second approval to answer). With Wait for Decision, polls the result until decided or
 * timed out.
 */
export const execute: OperationExecute = async function (item) {
	const { parameter, check, send } = item;
	const text = (label: string, name: string, required: boolean) => {
		const value = parameter(name, '');
		if (!required && (value === '' || value === undefined || value === null)) return undefined;
		return check.atMost(label, check.text(label, value), MAX_SHOWN_TEXT_LENGTH);
	};
	const body: IDataObject = { description: text('Description', 'transactionDescription', true) };
	const amount = text('Amount', 'amount', false);
	const beneficiary = text('Beneficiary', 'beneficiary', false);
	if (amount !== undefined) body.amount = amount;
	if (beneficiary !== undefined) body.benificiary = beneficiary;
	const waitSettings = readWait(parameter, check, 'waitForDecision');

	const response = await send({
		method: 'POST',
		path: '/sessions/transactions',
		body,
		permission: 'sessions',
		effect: 'created the approval request',
		explain: (statusCode, apiMessage) =>
			statusCode === 403 && NOBODY_LOGGED_IN.test(apiMessage ?? '')
				? 'Nobody is logged in on this session: a transaction needs a logged-in user (403)'
				: undefined,
	});
	const { tid } = parseJsonObject(response, 'a transaction id');
	if (typeof tid !== 'string' || !tid) {
		throw new NextAuthResponseError('The nextAuth API answered without a transaction id (tid)');
	}
	if (!waitSettings) return { json: { transactionId: tid, status: 'pending' } };

	const { value, waitedMs, lastCheckError } = await pollUntil(waitSettings, item, async (deadline) => {
		const result = await approvalResult(send, tid, deadline);
		return { value: result, done: result.decided };
	});
	return {
		json: { ...(value ?? pendingResult(tid)), waitedMs, ...(lastCheckError !== undefined && { lastCheckError }) },
	};
};
