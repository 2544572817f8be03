import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { readServerAnswer, SERVER_NOT_FOUND } from '../../../shared/helpers/administration';

export const option: INodePropertyOptions = {
	name: 'Get',
	value: 'get',
	description: "Get the server's settings: name, app links, PIN time-outs, ping time, flags",
	action: 'Get the server',
};

export const description: INodeProperties[] = [];

/** GET /servers/{serverid}/ (trailing slash) → the Server object as the API gives it. */
export const execute: OperationExecute = async function (item) {
	const response = await item.send({
		method: 'GET',
		path: '/',
		permission: 'servers or createserver',
		notFound: SERVER_NOT_FOUND,
	});
	return { json: readServerAnswer(response) };
};
