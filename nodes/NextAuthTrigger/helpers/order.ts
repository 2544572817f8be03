/**
 * Server timestamps and account ids, compared the way the server orders them. Both are int64 in
 * the API definition: numbers, or digit text when beyond 2^53 (the transport keeps those as text), so
 * they are compared as BigInt and stored as decimal text. n8n's clock is never used.
 */
import type { IDataObject } from 'n8n-workflow';

import { NextAuthResponseError } from '../../shared/transport/errors';

const INTEGER = /^-?\d{1,20}$/;

/** A server timestamp (`created`, `lastlogin`) as a BigInt, or undefined when the account has none. */
export function timestampOf(value: unknown): bigint | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? BigInt(value) : undefined;
	if (typeof value === 'string' && INTEGER.test(value)) {
		const timestamp = BigInt(value);
		return timestamp > 0n ? timestamp : undefined;
	}
	return undefined;
}

/** An account's id as text: the key it is remembered by. Every account has one (the API definition requires it). */
export function idOf(account: IDataObject): string {
	const id = account.id;
	if ((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id !== '')) return String(id);
	throw new NextAuthResponseError('The nextAuth API answered with an account that has no id');
}

/** Orders ids as the server numbers them: numerically when both are whole numbers, as text otherwise. */
export function compareIds(a: string, b: string): number {
	if (INTEGER.test(a) && INTEGER.test(b)) {
		const [x, y] = [BigInt(a), BigInt(b)];
		return x < y ? -1 : x > y ? 1 : 0;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

/** An account with the timestamp it is ordered by. */
export interface Stamped {
	account: IDataObject;
	id: string;
	at: bigint;
}

/** Oldest first; accounts of one timestamp by id. */
export function compareStamped(a: Stamped, b: Stamped): number {
	return a.at < b.at ? -1 : a.at > b.at ? 1 : compareIds(a.id, b.id);
}
