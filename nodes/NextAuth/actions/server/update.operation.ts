import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../../shared/actions/item';
import { showOnlyFor } from '../../../shared/descriptions/display';
import { readServerAnswer, readServerAsIs, SERVER_NOT_FOUND } from '../../../shared/helpers/administration';
import { NextAuthResponseError } from '../../../shared/transport/errors';
import { serverFieldsCollection } from '../../descriptions/server.description';
import { readServerFields } from '../../helpers/servers';

export const option: INodePropertyOptions = {
	name: 'Update',
	value: 'update',
	description:
		"Change the server's settings given (name, app links, PIN time-outs, ping time, flags); the others stay as they are",
	action: 'Update the server',
};

export const description: INodeProperties[] = showOnlyFor(
	['update'],
	[serverFieldsCollection('updateFields', 'Update Fields', true)],
	'server',
);

/**
 * Read, change, write: GET /servers/{serverid}/, then PUT the whole object as read (read-only
 * fields included, unchanged: the API takes no partial Server) with the fields given changed →
 * the Server after the update.
 */
export const execute: OperationExecute = async function (item) {
	const changes = readServerFields(item, 'updateFields', 'Update Fields', true);
	if (Object.keys(changes).length === 0) {
		throw item.check.fail('Update Fields', 'add at least one field to change');
	}
	const read = await item.send({
		method: 'GET',
		path: '/',
		permission: 'servers or createserver',
		notFound: SERVER_NOT_FOUND,
	});
	const asRead = readServerAsIs(read);
	// A setting that holds the API key can go back neither as it is (the key in a request body) nor
	// as `***` (the setting silently replaced): the update is refused before it is written.
	if (JSON.stringify(asRead) !== JSON.stringify(readServerAnswer(read))) {
		throw new NextAuthResponseError(
			"The server's settings as read hold the credential's API key: Update Server does not send them back (the key would go into the request, or the setting be replaced by ***). Change that setting another way first",
		);
	}
	const response = await item.send({
		method: 'PUT',
		path: '/',
		body: { ...asRead, ...changes },
		permission: 'createserver',
		notFound: SERVER_NOT_FOUND,
	});
	// An empty answer (200 and no body) says the update was made: the Server is what was sent.
	return { json: response.body.length === 0 ? { ...asRead, ...changes } : readServerAnswer(response) };
};
