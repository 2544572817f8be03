/**
 * Lists of accounts and users: one page read and checked, and paging with `marker` (the index of
 * the first entry) and `limit`. The API may answer fewer entries than `limit` asked for, so paging
 * advances by what arrived and stops at `totalnumber` or at an empty page, never at a short one.
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { parseJsonObject, type NextAuthRequest, type NextAuthResponse } from '../transport';
import { NextAuthResponseError } from '../transport/errors';
import type { SendRequest } from './interfaces';

export type ListField = 'accounts' | 'users' | 'servers';

export interface ListPage {
	entries: IDataObject[];
	/** `totalnumber`: how many there are without paging, when the API says. */
	total?: number;
}

/** Entries a page asks for. Each page is one request, read up to the 1 MB answer cap (~250 bytes an entry). */
export const LIST_PAGE_SIZE = 500;

/** The most entries one list returns, Return All included: n8n holds every item in memory. */
export const MAX_LIST_ENTRIES = 100_000;

/**
 * `{ <field>: [ {…}, … ] }` read as JSON: the answer and its array of objects, or a clear error
 * naming what is missing. `roleIdsAreData`: role ids in it are the data asked for (see Redact).
 */
export function readObjectList(
	response: NextAuthResponse,
	field: string,
	what: string,
	{ roleIdsAreData = false } = {},
): { answer: IDataObject; entries: IDataObject[] } {
	const answer = parseJsonObject(response, what, { roleIdsAreData });
	const entries = answer[field];
	if (
		!Array.isArray(entries) ||
		!entries.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry))
	) {
		throw new NextAuthResponseError(`The nextAuth API answered with ${what} that has no "${field}" array of objects`);
	}
	return { answer, entries: entries as IDataObject[] };
}

export function readListPage(response: NextAuthResponse, field: ListField): ListPage {
	// A server's `owner` is a role id: data asked for, not the credential's secret.
	const { answer, entries } = readObjectList(response, field, `a list of ${field}`, {
		roleIdsAreData: field === 'servers',
	});
	const total = answer.totalnumber;
	return { entries, total: typeof total === 'number' && Number.isFinite(total) ? total : undefined };
}

/** Whether there may be more after `received` entries in all, given the last page. */
export function hasMore(page: ListPage, received: number): boolean {
	return page.entries.length > 0 && (page.total === undefined || received < page.total);
}

/**
 * The most bytes of answers one list reads, all pages together (the last page may pass it by up
 * to one page's 1 MB cap). The largest list the trigger reads (100,000 accounts of a few fields
 * each) stays well below it; entries far larger than the API definition's few fields would hold
 * n8n's memory long before the entry bound.
 */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

/** What tells two entries apart: an account's `id`, a user's `userid`, a server's `serverid`. */
const IDENTITY: Record<ListField, string> = { accounts: 'id', users: 'userid', servers: 'serverid' };

/** An entry's identity as a short key; an entry without one is known by its content. */
function identityOf(entry: IDataObject, field: ListField): string {
	const id = entry[IDENTITY[field]];
	if (typeof id === 'string' || typeof id === 'number') return `${typeof id}:${id}`;
	return `json:${createHash('sha1').update(JSON.stringify(entry)).digest('base64')}`;
}

/**
 * Every entry of a list, or the first `wanted`. The list ends with an error, rather than
 * holding n8n's memory hostage or repeating itself, when it passes MAX_LIST_ENTRIES entries
 * or MAX_LIST_BYTES of answers, or when a page brings no entry not seen before (an API that
 * ignores `marker` would otherwise give the same page again and again). The run's stop ends it
 * at once: each page is a request that honours the run's cancellation.
 */
export async function fetchList(
	send: SendRequest,
	request: NextAuthRequest,
	field: ListField,
	wanted: number | 'all',
): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	/** The identities of the entries kept: at most MAX_LIST_ENTRIES short strings. */
	const seen = new Set<string>();
	const most = wanted === 'all' ? MAX_LIST_ENTRIES : Math.min(wanted, MAX_LIST_ENTRIES);
	let marker = 0;
	let bytes = 0;
	for (;;) {
		const room = most - entries.length;
		// Once full, Return All asks for one more entry only to learn whether the list goes on.
		const limit = room > 0 ? Math.min(LIST_PAGE_SIZE, room) : 1;
		const response = await send({ ...request, query: { ...request.query, limit, marker } });
		bytes += response.body.length;
		if (bytes > MAX_LIST_BYTES) {
			throw new NextAuthResponseError(
				`The list of ${field} is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB, the most one list reads: narrow it with Filters, or turn Return All off and set a smaller Limit`,
			);
		}
		const page = readListPage(response, field);
		if (room === 0) {
			if (page.entries.length === 0) return entries;
			throw new NextAuthResponseError(
				`There are more than ${MAX_LIST_ENTRIES.toLocaleString('en')} ${field}, the most Return All gives: narrow the list with Filters › Attribute Filter, or turn Return All off and set a Limit`,
			);
		}
		const kept = page.entries.slice(0, room);
		let unseen = 0;
		for (const entry of kept) {
			const identity = identityOf(entry, field);
			if (!seen.has(identity)) {
				seen.add(identity);
				unseen++;
			}
		}
		if (kept.length > 0 && unseen === 0) {
			throw new NextAuthResponseError(
				`The nextAuth API ignored marker=${marker}: the page it answered holds only ${field} already received, so paging cannot go on`,
			);
		}
		marker += page.entries.length;
		entries.push(...kept);
		if (!hasMore(page, marker) || (entries.length === most && wanted !== 'all')) return entries;
	}
}
