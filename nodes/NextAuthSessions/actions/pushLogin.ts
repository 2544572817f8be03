import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readUserContext } from '../helpers/userContext';
import type { NextAuthRequest } from '../transport';
import { success, type ItemContext } from './types';

/**
 * What the three push operations share: POST to their `…/provokelogin` path with the item's
 * user context (if any) as JSON body; the API answers 200 with no body.
 */
export async function pushLogin(
	this: IExecuteFunctions,
	{ itemIndex, send, check }: ItemContext,
	target: Pick<NextAuthRequest, 'path' | 'permission' | 'notFound'>,
): Promise<INodeExecutionData> {
	const body = readUserContext.call(this, itemIndex, check);
	await send({ method: 'POST', body, ...target });
	return { json: success() };
}
