/**
 * The "From List" mode of the Account and User pickers. Both lists are paged by the API
 * (`limit` + `marker` offset); n8n passes the next marker back as the pagination token.
 */
import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { ApiClient } from '../helpers/apiClient';
import { hasMore, readListPage, type ListField, type ListPage } from '../helpers/lists';
import type { NextAuthRequest } from '../transport';
import { quote } from '../transport/errors';

const PAGE_SIZE = 100;

/** Someone is waiting in the editor: fewer and shorter retries than a workflow run gets. */
const LIST_RETRY = { maxRetries: 2, maxWaitMs: 10_000 };

interface Page {
	entries: IDataObject[];
	paginationToken?: string;
}

/**
 * The marker a pagination token stands for: the tokens this node hands n8n are the offsets of the
 * next page, as digits. Anything else (n8n passes back what it was given, but a token is only a
 * string) is not sent as a marker.
 */
function markerOf(paginationToken: string | undefined): number | undefined {
	if (paginationToken === undefined || paginationToken === '') return 0;
	const marker = /^\d{1,15}$/.test(paginationToken) ? Number(paginationToken) : NaN;
	return Number.isSafeInteger(marker) ? marker : undefined;
}

/** One page of a list (`users` or `accounts`), with the token of the next page if there is one. */
async function fetchPage(
	this: ILoadOptionsFunctions,
	request: NextAuthRequest,
	listField: ListField,
	paginationToken: string | undefined,
): Promise<Page> {
	const api = await ApiClient.open(this);
	const options = (this.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const marker = markerOf(paginationToken);
	if (marker === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The list's page token ${quote(String(paginationToken))} is not one this node gave: reopen the list`,
		);
	}
	let page: ListPage;
	try {
		const response = await api.send(
			{ ...request, query: { ...request.query, limit: PAGE_SIZE, marker } },
			{ serverId: api.serverId(options), retry: LIST_RETRY },
		);
		page = readListPage(response, listField);
	} catch (error) {
		throw api.nodeError(error);
	}
	const next = marker + page.entries.length;
	return { entries: page.entries, paginationToken: hasMore(page, next) ? String(next) : undefined };
}

/**
 * A field the pickers show, when it is text. An entry whose id is a list, an object or missing is
 * not offered: what the picker puts in the workflow would not be an id the API gave.
 */
function textOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An account id as digits: a non-negative integer, or the digits of one beyond 2^53 (read as text). */
function accountIdOf(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
	return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const request: NextAuthRequest = {
		method: 'GET',
		path: '/users/',
		query: filter ? { search: filter } : {},
		permission: 'users',
	};
	const page = await fetchPage.call(this, request, 'users', paginationToken);
	const results: INodeListSearchItems[] = page.entries.flatMap((user) => {
		const userId = textOf(user.userid);
		return userId === undefined ? [] : [{ name: userId, value: userId }];
	});
	return { results, paginationToken: page.paginationToken };
}

/** The accounts list has no text search: each page is filtered here by the typed text. */
export async function searchAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const request: NextAuthRequest = { method: 'GET', path: '/accounts/', permission: 'accounts' };
	const page = await fetchPage.call(this, request, 'accounts', paginationToken);
	const needle = filter?.trim().toLowerCase();
	const results: INodeListSearchItems[] = page.entries
		.flatMap((account) => {
			const id = accountIdOf(account.id);
			if (id === undefined) return [];
			const owner = textOf(account.userid);
			const label = textOf(account.description) ?? `Account ${id}`;
			return [{ name: `${label}${owner === undefined ? '' : ` (${owner})`} · #${id}`, value: id }];
		})
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	return { results, paginationToken: page.paginationToken };
}
