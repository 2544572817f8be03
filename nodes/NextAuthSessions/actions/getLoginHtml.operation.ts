import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { HTML, htmlItem } from '../helpers/html';
import { readUserContext } from '../helpers/userContext';
import type { OperationTraits } from './types';

export const option: INodePropertyOptions = {
	name: 'Get Login HTML',
	value: 'getLoginHtml',
	description: "Get the API's ready-made HTML block that lets a user log in to the session (for a web page)",
	action: 'Get the login HTML block',
};

export const traits: OperationTraits = { userContext: true };

export const description: INodeProperties[] = [];

/** GET /servers/{serverid}/sessions/html/login — a GET with the user context as JSON body when one is set → { html }. */
export const execute: OperationExecute = async function (item) {
	const body = readUserContext(item.parameter, item.check);
	const response = await item.send({
		method: 'GET',
		path: '/sessions/html/login',
		...(body !== undefined && { body }),
		accept: HTML,
		permission: 'sessions',
	});
	return htmlItem(response, 'login HTML block');
};
