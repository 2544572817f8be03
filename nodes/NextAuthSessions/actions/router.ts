import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runItems } from '../../shared/actions/runItems';
import { readNonce } from '../helpers/nonce';
import * as createTransaction from './createTransaction.operation';
import * as getEnrolHtml from './getEnrolHtml.operation';
import * as getFooterHtml from './getFooterHtml.operation';
import * as getLoginHtml from './getLoginHtml.operation';
import * as getQrEnrol from './getQrEnrol.operation';
import * as getQrLogin from './getQrLogin.operation';
import * as getSession from './getSession.operation';
import * as getTransactionResult from './getTransactionResult.operation';
import * as logout from './logout.operation';
import * as provokeLogin from './provokeLogin.operation';
import * as provokeLoginOnAccount from './provokeLoginOnAccount.operation';
import * as provokeLoginOnUser from './provokeLoginOnUser.operation';
import * as registerUser from './registerUser.operation';
import type { OperationTraits } from './types';

/** Every operation, by its `operation` value. Order is the order of the editor's list. */
export const operations = {
	getTransactionResult,
	getEnrolHtml,
	getQrEnrol,
	getFooterHtml,
	getLoginHtml,
	getQrLogin,
	getSession,
	logout,
	provokeLogin,
	provokeLoginOnAccount,
	provokeLoginOnUser,
	registerUser,
	createTransaction,
};

export type OperationName = keyof typeof operations;

/** What an operation takes beyond its own fields, as its module states it (none when it says nothing). */
export function traitsOf(operation: (typeof operations)[OperationName]): OperationTraits {
	return 'traits' in operation ? operation.traits : {};
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operationName = this.getNodeParameter('operation', 0) as string;
	// Own properties only: `in` also finds what every object inherits (`constructor`, `toString`…).
	if (!Object.hasOwn(operations, operationName)) {
		throw new NodeOperationError(this.getNode(), `Operation "${operationName}" is not supported`);
	}
	const operation = operations[operationName as OperationName];
	return await runItems.call(
		this,
		operation.execute,
		traitsOf(operation).withoutNonce ? {} : { itemSettings: readNonce },
	);
}
