/** The Account and User of an item, read from their pickers and checked, and what a 404 means for them. */
import { quote } from '../transport/errors';
import type { ItemContext } from '../actions/item';

export function readAccountId({ parameter, check }: ItemContext): number {
	return check.nonNegativeInteger('Account', parameter('accountId', '', { extractValue: true }));
}

export function readUserId({ parameter, check }: ItemContext): string {
	return check.pathId('User', parameter('userId', '', { extractValue: true }));
}

export const accountNotFound = (accountId: number) =>
	`there is no account ${accountId} on this server (or the server ID is wrong)`;

export const userNotFound = (userId: string) =>
	`there is no user ${quote(userId)} on this server (or the server ID is wrong)`;
