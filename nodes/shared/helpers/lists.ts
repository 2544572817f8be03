/**
 * Lists of accounts and users: one page read and checked, and paging with `marker` (the index of
 * the first entry) and `limit`. The API may answer fewer entries than `limit` asked for, so paging
 * advances by what arrived and stops at `totalnumber` or at an empty page, never at a short one.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseJsonObject, type NextAuthRequest, type NextAuthResponse } from '../transport';
import { NextAuthResponseError } from '../transport/errors';
import type { SendRequest } from '../actions/item';

export type ListField = 'accounts' | 'users';

export interface ListPage {
	entries: IDataObject[];
	/** `totalnumber`: how many there are without paging, when the API says. */
	total?: number;
}

/** Entries a page asks for. Each page is one request, read up to the 1 MB answer cap (~250 bytes an entry). */
export const LIST_PAGE_SIZE = 500;

/** The most entries one list returns, Return All included: n8n holds every item in memory. */
export const MAX_LIST_ENTRIES = 100_000;

export function readListPage(response: NextAuthResponse, field: ListField): ListPage {
	const page = parseJsonObject(response, `a list of ${field}`);
	const entries = page[field];
	if (!Array.isArray(entries) || !entries.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry))) {
		throw new NextAuthResponseError(`The nextAuth API answered with a list of ${field} that has no "${field}" array of objects`);
	}
	const total = page.totalnumber;
	return { entries: entries as IDataObject[], total: typeof total === 'number' && Number.isFinite(total) ? total : undefined };
}

/** Whether there may be more after `received` entries in all, given the last page. */
export function hasMore(page: ListPage, received: number): boolean {
	return page.entries.length > 0 && (page.total === undefined || received < page.total);
}

/**
 * Every entry of a list, or the first `wanted`. More than MAX_LIST_ENTRIES is an error that says
 * so rather than a run that holds n8n's memory hostage.
 */
export async function fetchList(
	send: SendRequest,
	request: NextAuthRequest,
	field: ListField,
	wanted: number | 'all',
): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	const most = wanted === 'all' ? MAX_LIST_ENTRIES : Math.min(wanted, MAX_LIST_ENTRIES);
	let marker = 0;
	for (;;) {
		const room = most - entries.length;
		// Once full, Return All asks for one more entry only to learn whether the list goes on.
		const limit = room > 0 ? Math.min(LIST_PAGE_SIZE, room) : 1;
		const page = readListPage(await send({ ...request, query: { ...request.query, limit, marker } }), field);
		marker += page.entries.length;
		if (room === 0) {
			if (page.entries.length === 0) return entries;
			throw new NextAuthResponseError(
				`There are more than ${MAX_LIST_ENTRIES.toLocaleString('en')} ${field}, the most Return All gives: narrow the list with Filters › Attribute Filter, or turn Return All off and set a Limit`,
			);
		}
		entries.push(...page.entries.slice(0, room));
		if (!hasMore(page, marker) || (entries.length === most && wanted !== 'all')) return entries;
	}
}
