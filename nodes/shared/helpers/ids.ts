/** The Account and User of an item, read from their pickers and checked, and what a 404 means for them. */
import { quote } from '../transport/errors';
import type { ItemContext } from './interfaces';

/** Digits of an account id beyond 2^53, as the account picker and list outputs give them. */
const LARGE_ACCOUNT_ID = /^[1-9]\d{15,19}$/;
/** The largest id taken as text: 2^64 - 1, the largest a 64-bit integer column holds. */
const MAX_LARGE_ACCOUNT_ID = BigInt('18446744073709551615');

/** The account id as digits: an id beyond 2^53 stays text, as a number it would be another id. */
export function readAccountId({ parameter, check }: ItemContext): string {
	const value = parameter('accountId', '', { extractValue: true });
	const text = typeof value === 'string' ? value.trim() : undefined;
	if (text !== undefined && LARGE_ACCOUNT_ID.test(text) && BigInt(text) <= MAX_LARGE_ACCOUNT_ID) return text;
	return String(check.nonNegativeInteger('Account', value));
}

export function readUserId({ parameter, check }: ItemContext): string {
	return check.pathId('User', parameter('userId', '', { extractValue: true }));
}

export const accountNotFound = (accountId: string) =>
	`there is no account ${accountId} on this server (or the server ID is wrong)`;

export const userNotFound = (userId: string) =>
	`there is no user ${quote(userId)} on this server (or the server ID is wrong)`;
