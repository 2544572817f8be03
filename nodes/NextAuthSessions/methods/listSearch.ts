/**
 * The "From List" mode of the Account and User pickers. Both lists are paged by the API
 * (`limit` + `marker` offset); n8n passes the next marker back as the pagination token.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { parseJsonObject, sendNextAuthRequest, type NextAuthRequest } from '../transport';
import { CREDENTIAL_TYPE, toNextAuthCredentials } from '../transport/credentials';
import { isNextAuthError, toNodeApiError } from '../transport/errors';

const PAGE_SIZE = 100;

async function listPage(
	this: ILoadOptionsFunctions,
	request: NextAuthRequest,
	paginationToken: string | undefined,
): Promise<{ page: IDataObject; marker: number }> {
	const credentials = toNextAuthCredentials(await this.getCredentials(CREDENTIAL_TYPE));
	const options = (this.getCurrentNodeParameter('options') ?? {}) as IDataObject;
	const serverId = String(options.serverId ?? '').trim() || credentials.serverId;
	const marker = Number(paginationToken ?? 0) || 0;
	try {
		const response = await sendNextAuthRequest(
			credentials,
			{ ...request, query: { ...request.query, limit: PAGE_SIZE, marker } },
			{ serverId },
		);
		return { page: parseJsonObject(response, 'a list'), marker };
	} catch (error) {
		if (isNextAuthError(error)) throw toNodeApiError(this.getNode(), error, credentials);
		throw error;
	}
}

function nextToken(marker: number, received: number, total: unknown): string | undefined {
	const next = marker + received;
	const more = typeof total === 'number' ? next < total : received === PAGE_SIZE;
	return more ? String(next) : undefined;
}

const asArray = (value: unknown): IDataObject[] => (Array.isArray(value) ? (value as IDataObject[]) : []);

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { page, marker } = await listPage.call(
		this,
		{
			method: 'GET',
			path: '/users/',
			query: filter ? { search: filter } : {},
			permission: 'users',
		},
		paginationToken,
	);
	const users = asArray(page.users);
	const results: INodeListSearchItems[] = users.map((user) => ({
		name: String(user.userid),
		value: String(user.userid),
	}));
	return { results, paginationToken: nextToken(marker, users.length, page.totalnumber) };
}

/** The accounts list has no text search: a page is fetched and filtered here. */
export async function searchAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { page, marker } = await listPage.call(
		this,
		{ method: 'GET', path: '/accounts/', permission: 'accounts' },
		paginationToken,
	);
	const accounts = asArray(page.accounts);
	const needle = filter?.trim().toLowerCase();
	const results: INodeListSearchItems[] = accounts
		.map((account) => {
			const owner = account.userid ? ` (${String(account.userid)})` : '';
			const label = String(account.description ?? '') || `Account ${String(account.id)}`;
			return { name: `${label}${owner} · #${String(account.id)}`, value: String(account.id) };
		})
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	return { results, paginationToken: nextToken(marker, accounts.length, page.totalnumber) };
}
