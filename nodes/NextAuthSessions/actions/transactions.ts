/**
 * What Request Approval and Get Approval Result share: reading a transaction's result, and the
 * meaning of its `tstatus` (a string: "0" new, "1" approved, "2" declined).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../../shared/helpers/interfaces';
import { parseJsonObject, pathSegment } from '../../shared/transport';
import { NextAuthResponseError, quote } from '../../shared/transport/errors';

export type ApprovalStatus = 'pending' | 'approved' | 'declined';

const STATUSES: Record<string, ApprovalStatus> = { '0': 'pending', '1': 'approved', '2': 'declined' };

export interface ApprovalResult extends IDataObject {
	transactionId: string;
	status: ApprovalStatus;
	approved: boolean;
	decided: boolean;
}

/** A transaction nobody has decided (yet): what a wait that ran out says. */
export function pendingResult(transactionId: string): ApprovalResult {
	return { transactionId, status: 'pending', approved: false, decided: false };
}

/**
 * GET /servers/{serverid}/transactions/{transactionid}: no nonce, the id as one path segment.
 * `deadline` ends it by the end of a wait (see RequestSettings).
 */
export async function approvalResult(
	send: SendRequest,
	transactionId: string,
	deadline?: number,
): Promise<ApprovalResult> {
	const response = await send(
		{
			method: 'GET',
			path: `/transactions/${pathSegment(transactionId)}`,
			permission: 'sessions',
			notFound: `there is no transaction ${quote(transactionId)} on this server (or the server ID is wrong)`,
			withoutNonce: true,
		},
		deadline === undefined ? undefined : { deadline },
	);
	const { tstatus } = parseJsonObject(response, 'a transaction result');
	// Anything but the three documented strings is an error, never taken for a decision.
	const status = typeof tstatus === 'string' && Object.hasOwn(STATUSES, tstatus) ? STATUSES[tstatus] : undefined;
	if (!status) {
		const shown = typeof tstatus === 'string' ? quote(tstatus) : (JSON.stringify(tstatus) ?? 'nothing');
		throw new NextAuthResponseError(
			`The nextAuth API answered with an unknown transaction status ${shown} (expected "0", "1" or "2")`,
		);
	}
	return { transactionId, status, approved: status === 'approved', decided: status !== 'pending' };
}
