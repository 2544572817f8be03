import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_SHOWN_TEXT_LENGTH } from '../../shared/helpers/validation';
import { HTML, htmlItem } from '../helpers/html';
import { readOptionalUserName } from '../helpers/userName';

export const option: INodePropertyOptions = {
	name: 'Get Enrolment HTML',
	value: 'getEnrolHtml',
	description: "Get the API's ready-made HTML block that lets a new user or device enrol (for a web page)",
	action: 'Get the enrolment HTML block',
};

// Both optional here (the enrolment QR code's Account Name is required): fields of their own.
export const description: INodeProperties[] = showOnlyFor(
	['getEnrolHtml'],
	[
		{
			displayName: 'Account Name',
			name: 'enrolName',
			type: 'string',
			default: '',
			placeholder: "e.g. Alice's phone",
			description: 'The name the nextAuth app shows for the new account; leave empty to let the page ask',
		},
		{
			displayName: 'User ID',
			name: 'enrolUserId',
			type: 'string',
			default: '',
			placeholder: 'e.g. alice',
			description: 'The user name to register the new account under (created when new); leave empty for none',
		},
	],
);

/** GET /servers/{serverid}/sessions/html/enrol[?name=…][&userid=…], no body → { html }. */
export const execute: OperationExecute = async function (item) {
	const { parameter, check } = item;
	const nameValue = parameter('enrolName', '');
	const name =
		nameValue === '' || nameValue === undefined || nameValue === null
			? undefined
			: check.atMost('Account Name', check.text('Account Name', nameValue), MAX_SHOWN_TEXT_LENGTH);
	const userId = readOptionalUserName(item, 'enrolUserId', 'User ID');
	const response = await item.send({
		method: 'GET',
		path: '/sessions/html/enrol',
		query: { ...(name !== undefined && { name }), ...(userId !== undefined && { userid: userId }) },
		accept: HTML,
		permission: 'sessions',
	});
	return htmlItem(response, 'enrolment HTML block');
};
