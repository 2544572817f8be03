/**
 * Reading the account list for the trigger: the list the Filters select, sorted by the server,
 * page by page, each account once. Pages overlap by a few entries, so that an account deleted
 * while a poll pages cannot shift another one out of sight (offset paging would skip it).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ParameterCheck } from '../../shared/helpers/validation';
import { LIST_PAGE_SIZE, MAX_LIST_BYTES, MAX_LIST_ENTRIES, readListPage } from '../../shared/helpers/lists';
import { pathSegment, type NextAuthRequest, type NextAuthResponse } from '../../shared/transport';
import { NextAuthResponseError } from '../../shared/transport/errors';
import { idOf, timestampOf } from './order';

/** The most entries each page after the first reads again from the page before. */
export const PAGE_OVERLAP = 10;

export type Send = (request: NextAuthRequest) => Promise<NextAuthResponse>;

/** Which accounts the trigger watches: the Filters, as a request and a check of each answer. */
export interface AccountSource {
	/** The list's GET request, without paging or sort. */
	request: NextAuthRequest;
	/** What the request cannot select by itself (a User ID beside an Attribute Filter). */
	matches: (account: IDataObject) => boolean;
	/** The accounts watched, for messages, e.g. `accounts of user "alice"`. */
	label: string;
}

export interface TriggerFilters {
	userId?: string;
	filter?: string;
}

/** The Filters collection, checked before any request. */
export function readFilters(value: unknown, check: ParameterCheck): TriggerFilters {
	const given = (value ?? {}) as IDataObject;
	const filters: TriggerFilters = {};
	// As the other nodes' User fields (readUserId): the ID as given, one path segment.
	if (given.userId !== undefined && given.userId !== '') filters.userId = check.pathId('User ID', given.userId);
	if (given.filter !== undefined && given.filter !== '') filters.filter = check.attributeFilter('Attribute Filter', given.filter);
	return filters;
}

/**
 * The per-user list when only a User ID is set (it takes no filter); the server's list with the
 * Attribute Filter otherwise, and then a User ID is compared in the answers.
 */
export function accountSource({ userId, filter }: TriggerFilters): AccountSource {
	if (userId !== undefined && filter === undefined) {
		return {
			request: {
				method: 'GET',
				path: `/users/${pathSegment(userId, 'User ID')}/accounts`,
				permission: 'sessions or users',
				notFound: `There is no user "${userId}" on this server (Filters › User ID): a user exists once an account is registered under their name`,
			},
			matches: () => true,
			label: `accounts of user "${userId}"`,
		};
	}
	const label = [filter && `accounts matching ${filter}`, userId && `of user "${userId}"`].filter(Boolean).join(' ') || 'accounts';
	return {
		request: { method: 'GET', path: '/accounts/', query: filter ? { filter } : {}, permission: 'accounts' },
		matches: userId === undefined ? () => true : (account) => account.userid === userId,
		label,
	};
}

export interface ReadOrder {
	/** The column the server sorts by. */
	field: 'created' | 'lastlogin';
	direction: 'asc' | 'desc';
}

/**
 * The list in `order`, one page at a time (each account once, pages overlapping); stop reading
 * with `break`. Ends with an error, rather than giving a wrong answer, when the server does not
 * keep the order asked for, ignores `marker`, or the list passes the bounds every list has
 * (MAX_LIST_ENTRIES, MAX_LIST_BYTES).
 */
export async function* accountPages(send: Send, source: AccountSource, order: ReadOrder): AsyncGenerator<IDataObject[]> {
	const sort = `${order.field}:${order.direction}`;
	const seen = new Set<string>();
	let marker = 0;
	/** How many entries of the page before this page reads again. */
	let back = 0;
	let bytes = 0;
	let last: bigint | undefined;
	for (;;) {
		const response = await send({
			...source.request,
			query: { ...source.request.query, sort, limit: LIST_PAGE_SIZE, marker },
		});
		bytes += response.body.length;
		if (bytes > MAX_LIST_BYTES) {
			throw new NextAuthResponseError(
				`The list of ${source.label} is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB, the most one poll reads: narrow it with Filters`,
			);
		}
		const page = readListPage(response, 'accounts');
		const fresh: IDataObject[] = [];
		for (const account of page.entries) {
			const id = idOf(account);
			if (seen.has(id)) continue;
			seen.add(id);
			// Accounts without the timestamp may come first or last; the others must be in order.
			const at = timestampOf(account[order.field]);
			if (at !== undefined) {
				if (last !== undefined && (order.direction === 'desc' ? at > last : at < last)) {
					throw new NextAuthResponseError(
						`The nextAuth API did not sort the list by ${sort} as asked, so the trigger cannot tell new from seen`,
					);
				}
				last = at;
			}
			fresh.push(account);
		}
		if (seen.size > MAX_LIST_ENTRIES) {
			throw new NextAuthResponseError(
				`There are more than ${MAX_LIST_ENTRIES.toLocaleString('en')} ${source.label} to read in one poll: narrow them with Filters`,
			);
		}
		const received = page.entries.length;
		if (fresh.length === 0 && received > back) {
			throw new NextAuthResponseError(
				`The nextAuth API ignored marker=${marker}: the page it answered holds only accounts already read, so paging cannot go on`,
			);
		}
		yield fresh;
		const end = marker + received;
		if (received === 0 || (page.total !== undefined && end >= page.total)) return;
		// Read again up to PAGE_OVERLAP entries, and at most half a page so that paging moves on.
		back = Math.min(PAGE_OVERLAP, Math.floor(received / 2));
		marker = end - back;
	}
}
