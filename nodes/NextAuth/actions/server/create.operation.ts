import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { readServerAnswer } from '../../../shared/helpers/administration';
import { MAX_SHOWN_TEXT_LENGTH } from '../../../shared/helpers/validation';
import { SERVER_NAME, serverFieldsCollection } from '../../descriptions/server.description';
import { readServerFields } from '../../helpers/servers';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	description:
		'Create a new server in the tenant (a new place for accounts, users and sessions); it is created once, never sent again after a failure that may have created it',
	action: 'Create a server',
};

export const description: INodeProperties[] = showOnlyFor(
	['create'],
	[{ ...SERVER_NAME, required: true }, serverFieldsCollection('serverFields', 'Server Fields', false)],
	'server',
);

/**
 * POST /servers/ with the Server as JSON (its id and keys are made by the API) → the new Server.
 * The API labels it `application/octet-stream`; its text is the Server's JSON.
 */
export const execute: OperationExecute = async function (item) {
	const { parameter, check } = item;
	const serverName = check.atMost(
		'Server Name',
		check.text('Server Name', parameter('serverName', '')),
		MAX_SHOWN_TEXT_LENGTH,
	);
	const fields = readServerFields(item, 'serverFields', 'Server Fields', false);
	const response = await item.send({
		method: 'POST',
		path: '/servers/',
		global: true,
		body: { serverName, ...fields },
		accept: 'application/json, application/octet-stream',
		permission: 'global createserver',
		effect: 'created the server',
	});
	return { json: readServerAnswer(response) };
};
