/**
 * Reading the account list for the trigger: the list the Filters select, in a total order (a
 * timestamp, then the id; or the id alone), page by page, each account once. `marker` is an
 * offset, so accounts deleted or enrolled between two page requests shift the later pages: each
 * page must connect to the part already read (it starts at or before the furthest account read),
 * and when it does not, the read steps back and reads again, a bounded number of times.
 * What the package assumes about the list is in docs/nextauth-api.md ("Watching for changes").
 */
import type { IDataObject } from 'n8n-workflow';

import { LIST_PAGE_SIZE, MAX_LIST_BYTES, MAX_LIST_ENTRIES, readListPage } from '../../shared/helpers/lists';
import type { ParameterCheck } from '../../shared/helpers/validation';
import { pathSegment, type NextAuthRequest, type NextAuthResponse } from '../../shared/transport';
import { NextAuthResponseError } from '../../shared/transport/errors';
import { compareIds, idOf, timestampOf } from './order';

/** The most entries each page after the first reads again from the page before. */
export const PAGE_OVERLAP = 10;

/** The most times one read of the list steps back because the list moved under it. */
export const MAX_REREADS = 10;

export type Send = (request: NextAuthRequest) => Promise<NextAuthResponse>;

/** Which accounts the trigger watches: the Filters, as a request and a check of each answer. */
export interface AccountSource {
	/** The list's GET request, without paging or sort. */
	request: NextAuthRequest;
	/** What the request cannot select by itself (a User ID beside an Attribute Filter). */
	matches: (account: IDataObject) => boolean;
	/** The accounts watched, for messages, e.g. `accounts of user "alice"`. */
	label: string;
	/** Whether accounts can enter or leave the watched set without being enrolled or deleted (any filter is set). */
	scoped: boolean;
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
	if (given.filter !== undefined && given.filter !== '')
		filters.filter = check.attributeFilter('Attribute Filter', given.filter);
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
				// Stryker disable next-line StringLiteral: readFilters has checked the User ID, so pathSegment never names it in an error
				path: `/users/${pathSegment(userId, 'User ID')}/accounts`,
				permission: 'sessions or users',
				notFound: `There is no user "${userId}" on this server (Filters › User ID): a user exists once an account is registered under their name`,
			},
			matches: () => true,
			label: `accounts of user "${userId}"`,
			scoped: true,
		};
	}
	const label =
		[filter && `accounts matching ${filter}`, userId && `of user "${userId}"`].filter(Boolean).join(' ') || 'accounts';
	return {
		request: { method: 'GET', path: '/accounts/', query: filter ? { filter } : {}, permission: 'accounts' },
		matches: userId === undefined ? () => true : (account) => account.userid === userId,
		label,
		// A User ID alone reads the user's list (above): here a User ID comes with a filter.
		scoped: filter !== undefined,
	};
}

export interface ReadOrder {
	/** The timestamp sorted by first; without one, the list is read by id alone. */
	field?: 'created' | 'lastlogin';
	direction: 'asc' | 'desc';
}

/**
 * The `sort` asked for: always ending in the id, the one unique column, because a server may give
 * accounts with equal timestamps in a different order on every request.
 */
export function sortOf({ field, direction }: ReadOrder): string {
	return field ? `${field}:${direction},id:${direction}` : `id:${direction}`;
}

/** An account's place in the list: its timestamp (undefined when it has none) and its id. */
interface Place {
	at?: bigint;
	id: string;
}

/**
 * Compares places the way the server orders them. Accounts without the timestamp come first or
 * last as a group, depending on the server: `missingFirst` says which.
 */
function placeOrder({ direction }: ReadOrder, missingFirst: boolean): (a: Place, b: Place) => number {
	const sign = direction === 'asc' ? 1 : -1;
	// Read by id alone, no place has a timestamp: the id decides.
	return (a, b) => {
		if (a.at === undefined && b.at !== undefined) return missingFirst ? -1 : 1;
		if (a.at !== undefined && b.at === undefined) return missingFirst ? 1 : -1;
		// Stryker disable next-line ArithmeticOperator,EqualityOperator: sign is 1 or -1 (dividing by it is multiplying by it), and the timestamps differ here
		if (a.at !== undefined && b.at !== undefined && a.at !== b.at) return (a.at < b.at ? -1 : 1) * sign;
		// Stryker disable next-line ArithmeticOperator: sign is 1 or -1 (dividing by it is multiplying by it)
		return compareIds(a.id, b.id) * sign;
	};
}

/** The server's clock at a read: its Date header, or else the newest timestamp it showed. */
export interface ReadClock {
	/** ms since epoch; undefined until an answer told. */
	serverTime?: bigint;
}

/**
 * The list in `order`, one page at a time, each account once; stop reading with `break`. An
 * account that moved in front of the part already read while the list was read (enrolled, or
 * logged in) is left for the next poll. Ends with an error, rather than giving a wrong answer,
 * when the server does not keep the order asked for, ignores `marker`, keeps moving the list
 * for more than MAX_REREADS steps back, or passes the bounds every list has (MAX_LIST_ENTRIES,
 * MAX_LIST_BYTES). `clock`, when given, learns the server's time at the first page.
 */
export async function* accountPages(
	send: Send,
	source: AccountSource,
	order: ReadOrder,
	clock?: ReadClock,
): AsyncGenerator<IDataObject[]> {
	const sort = sortOf(order);
	let compare: ((a: Place, b: Place) => number) | undefined;
	/** The furthest place read: everything up to it has been read. */
	let furthest: Place | undefined;
	/** The ids of the answer at marker 0, to recognise a server that ignores `marker`. */
	let firstAnswer: string | undefined;
	let marker = 0;
	/** How many entries of the page before this page reads again. */
	let back = 0;
	let bytes = 0;
	let read = 0;
	let rereads = 0;
	let stepBack = 0;
	/** Whether this page must connect to the part read: it reads some of it again. */
	let mustConnect = false;
	for (;;) {
		const response = await send({
			...source.request,
			query: { ...source.request.query, sort, limit: LIST_PAGE_SIZE, marker },
		});
		bytes += response.body.length;
		// Stryker disable next-line EqualityOperator: a bound on memory, not a value to the byte
		if (bytes > MAX_LIST_BYTES) {
			throw new NextAuthResponseError(
				`The list of ${source.label} is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB, the most one poll reads: narrow it with Filters`,
			);
		}
		const page = readListPage(response, 'accounts');
		const places = page.entries.map((account) => ({
			account,
			place: { at: order.field === undefined ? undefined : timestampOf(account[order.field]), id: idOf(account) },
		}));
		if (clock && clock.serverTime === undefined && response.date !== undefined)
			clock.serverTime = BigInt(response.date);
		compare ??= places.length > 0 ? placeOrder(order, places[0].place.at === undefined) : undefined;
		// One answer is one look at the list: it must be in the order asked for.
		for (let n = 1; n < places.length; n++) {
			if (compare!(places[n - 1].place, places[n].place) >= 0) {
				throw new NextAuthResponseError(
					`The nextAuth API did not sort the list by ${sort} as asked, so the trigger cannot tell new from seen`,
				);
			}
		}
		const ids = places.map(({ place }) => place.id).join('\u0000');
		if (marker === 0) firstAnswer = ids;
		else if (ids === firstAnswer) {
			throw new NextAuthResponseError(
				`The nextAuth API ignored marker=${marker}: the page it answered holds only accounts already read, so paging cannot go on`,
			);
		}
		// The page connects when it starts at or before the furthest account read (or at the list's
		// start). Otherwise accounts deleted before `marker` moved unread ones below it: step back.
		const connects = !mustConnect || (places.length > 0 && compare!(places[0].place, furthest!) <= 0);
		if (!connects) {
			rereads++;
			if (rereads > MAX_REREADS) {
				throw new NextAuthResponseError(
					`The list of ${source.label} kept changing while it was read (${MAX_REREADS} pages read again): the poll stops and the next one reads it again`,
				);
			}
			stepBack = Math.max(stepBack * 2, LIST_PAGE_SIZE);
			marker = Math.max(0, marker - stepBack);
			mustConnect = marker > 0;
			back = 0;
			continue;
		}
		stepBack = 0;
		const fresh: IDataObject[] = [];
		for (const { account, place } of places) {
			// Read already, or moved in front of the part read while the list was read.
			if (furthest !== undefined && compare!(place, furthest) <= 0) continue;
			furthest = place;
			fresh.push(account);
		}
		read += fresh.length;
		if (read > MAX_LIST_ENTRIES) {
			throw new NextAuthResponseError(
				`There are more than ${MAX_LIST_ENTRIES.toLocaleString('en')} ${source.label} to read in one poll: narrow them with Filters`,
			);
		}
		if (clock && response.date === undefined) {
			for (const account of fresh) {
				for (const at of [timestampOf(account.created), timestampOf(account.lastlogin)]) {
					// Stryker disable next-line EqualityOperator: an equal time set again is the same time
					if (at !== undefined && (clock.serverTime === undefined || at > clock.serverTime)) clock.serverTime = at;
				}
			}
		}
		yield fresh;
		const received = places.length;
		const end = marker + received;
		// The end: an empty list, the total reached, or no more than the part read again.
		if (received === 0 || (page.total !== undefined && end >= page.total) || (marker > 0 && received <= back)) return;
		// Read again up to PAGE_OVERLAP entries, and at most half a page so that paging moves on.
		back = Math.min(PAGE_OVERLAP, Math.floor(received / 2));
		marker = end - back;
		mustConnect = back > 0;
	}
}
