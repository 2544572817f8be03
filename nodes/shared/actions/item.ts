/** What an operation module gives back for one item (what it gets: helpers/interfaces.ts). */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ItemContext } from '../helpers/interfaces';

/** One output item, or several (a list call gives one per entry); all are paired with the input item. */
export type OperationExecute = (
	this: IExecuteFunctions,
	item: ItemContext,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

/** The output of calls that answer 200 with no body. A fresh object each time: items get mutated downstream. */
export const success = (): INodeExecutionData['json'] => ({ success: true });

/** The output of the delete calls, which answer 200 with no body. */
export const deleted = (): INodeExecutionData['json'] => ({ deleted: true });
