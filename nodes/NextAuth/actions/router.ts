import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/actions/item';
import { runItems } from '../../shared/actions/runItems';
import { operations as account } from './account';
import { operations as server } from './server';
import { operations as user } from './user';

/** Every operation, by resource and `operation` value. No call of this node names a session. */
export const resources: Record<string, Record<string, { execute: OperationExecute }>> = { account, server, user };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	// Checked before the operation is read: n8n has no Operation parameter for a resource the node does not show.
	if (!Object.hasOwn(resources, resource)) {
		throw new NodeOperationError(this.getNode(), `Resource "${resource}" is not supported`);
	}
	const operationName = this.getNodeParameter('operation', 0) as string;
	if (!Object.hasOwn(resources[resource], operationName)) {
		throw new NodeOperationError(
			this.getNode(),
			`Operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	const operation = resources[resource][operationName];
	return await runItems.call(this, operation.execute, { takesNonce: false });
}
