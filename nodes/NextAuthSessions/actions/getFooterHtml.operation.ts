import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { showOnlyFor } from '../../shared/descriptions/display';
import { MAX_SHOWN_TEXT_LENGTH } from '../../shared/helpers/validation';
import { HTML, htmlItem } from '../helpers/html';

export const option: INodePropertyOptions = {
	name: 'Get Footer HTML',
	value: 'getFooterHtml',
	description:
		"Get the API's HTML footer every page that logs in, enrols or logs out needs (its websocket follows the session)",
	action: 'Get the footer HTML block',
};

/** The most sessions one footer watches besides its own. */
const MAX_FOOTER_SESSIONS = 100;

export const description: INodeProperties[] = showOnlyFor(
	['getFooterHtml'],
	[
		{
			displayName: 'More Sessions',
			name: 'footerSessions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Session',
			default: {},
			description: "Other sessions the page's websocket should watch, besides the one of the Nonce",
			options: [
				{
					displayName: 'Session',
					name: 'session',
					values: [
						{
							displayName: 'Server ID',
							name: 'serverId',
							type: 'string',
							default: '',
							description: 'The server of the session',
						},
						{
							displayName: 'Nonce',
							name: 'nonce',
							type: 'string',
							default: '',
							description: 'The nonce of the session',
						},
					],
				},
			],
		},
	],
);

/**
 * GET /servers/{serverid}/sessions/html/footer, with `{ "sessions": [{ serverid, sessionid }] }` as
 * JSON body only when More Sessions has entries → { html }.
 */
export const execute: OperationExecute = async function ({ parameter, check, send }) {
	const collection = (parameter('footerSessions', {}) ?? {}) as { session?: unknown };
	const rows = collection.session ?? [];
	if (!Array.isArray(rows)) throw check.fail('More Sessions', 'must be a list of sessions');
	if (rows.length > MAX_FOOTER_SESSIONS)
		throw check.fail('More Sessions', `must be at most ${MAX_FOOTER_SESSIONS} sessions`);
	const sessions = rows.map((row: unknown, index) => {
		const { serverId, nonce } = (row ?? {}) as { serverId?: unknown; nonce?: unknown };
		const where = `More Sessions › Session ${index + 1}`;
		return {
			serverid: check.atMost(
				`${where} › Server ID`,
				check.text(`${where} › Server ID`, serverId),
				MAX_SHOWN_TEXT_LENGTH,
			),
			sessionid: check.atMost(`${where} › Nonce`, check.text(`${where} › Nonce`, nonce), MAX_SHOWN_TEXT_LENGTH),
		};
	});
	const response = await send({
		method: 'GET',
		path: '/sessions/html/footer',
		...(sessions.length > 0 && { body: { sessions } }),
		accept: HTML,
		permission: 'sessions',
	});
	return htmlItem(response, 'footer HTML block');
};
