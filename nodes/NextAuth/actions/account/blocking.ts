import type { INodeExecutionData } from 'n8n-workflow';

import { accountNotFound, readAccountId } from '../../../shared/helpers/ids';
import type { ItemContext } from '../../../shared/helpers/interfaces';
import { parseJsonObject, pathSegment } from '../../../shared/transport';

/**
 * What Block and Unblock share: PUT /servers/{serverid}/accounts/{accountid}/?blocked=…, the
 * only change the API allows on an account. The output is the account as the API returns it.
 */
export async function setBlocked(item: ItemContext, blocked: boolean): Promise<INodeExecutionData> {
	const accountId = readAccountId(item);
	const response = await item.send({
		method: 'PUT',
		path: `/accounts/${pathSegment(String(accountId))}/`,
		query: { blocked: String(blocked) },
		permission: 'accounts',
		notFound: accountNotFound(accountId),
	});
	return { json: parseJsonObject(response, 'an account') };
}
