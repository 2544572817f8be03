import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { operationOf } from '../../shared/actions/resource';
import { runItems } from '../../shared/actions/runItems';
import { resources } from './resources';

/** Runs the operation the `resource` and `operation` parameters name. No call of this node names a session. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	// Checked before the operation is read: n8n has no Operation parameter for a resource the node does not show.
	if (!Object.hasOwn(resources, resource)) {
		throw new NodeOperationError(this.getNode(), `Resource "${resource}" is not supported`);
	}
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operationOf(resources[resource], operationName);
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`Operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	return await runItems.call(this, operation.execute);
}
