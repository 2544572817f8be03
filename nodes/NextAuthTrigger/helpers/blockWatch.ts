/**
 * Blocked / unblocked: the API has no change log, so each poll reads the whole list and compares
 * with the blocked ids kept from the poll before. Accounts created since then are not changes (the
 * `created` cursor tells them apart), nor are deleted ones. The state is the ids of the blocked
 * accounts and that cursor: about 10 bytes an account, at most MAX_LIST_ENTRIES of them.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages } from './accounts';
import { compareIds, idOf, timestampOf } from './order';
import { isCursor, isIdList, type Cursor } from './state';
import type { Reader, TriggerEvent } from './watch';

export interface BlockState extends IDataObject {
	blocked: string[];
	/** The newest `created` seen: accounts newer than it were not there at the last poll. */
	created: Cursor;
}

interface Listed {
	account: IDataObject;
	id: string;
	blocked: boolean;
	created: bigint | undefined;
}

/** Every account the filters select, oldest first (the list's end moves least while it is read). */
async function readAll({ send, source }: Reader): Promise<Listed[]> {
	const listed: Listed[] = [];
	for await (const page of accountPages(send, source, { field: 'created', direction: 'asc' })) {
		for (const account of page) {
			if (!source.matches(account)) continue;
			listed.push({ account, id: idOf(account), blocked: account.blocked === true, created: timestampOf(account.created) });
		}
	}
	return listed;
}

/** The `created` cursor after this read: the newest creation time, and the ids created then. */
function createdCursor(previous: Cursor | undefined, listed: Listed[]): Cursor {
	let at = previous?.at === null || previous === undefined ? undefined : BigInt(previous.at);
	for (const entry of listed) if (entry.created !== undefined && (at === undefined || entry.created > at)) at = entry.created;
	if (at === undefined) return { at: null, ids: [] };
	const ids = listed.filter((entry) => entry.created === at).map((entry) => entry.id);
	if (previous?.at !== null && previous !== undefined && BigInt(previous.at) === at) ids.push(...previous.ids);
	return { at: at.toString(), ids: [...new Set(ids)] };
}

export function blockWatch(option: INodePropertyOptions, noSample: (label: string) => string): TriggerEvent<BlockState> {
	const event = String(option.value);
	return {
		option,
		isState: (value): value is BlockState => {
			const state = value as BlockState | undefined;
			return isIdList(state?.blocked) && isCursor(state?.created);
		},

		async baseline(reader) {
			const listed = await readAll(reader);
			return { blocked: listed.filter((entry) => entry.blocked).map((entry) => entry.id), created: createdCursor(undefined, listed) };
		},

		async poll(reader, state, max) {
			const listed = await readAll(reader);
			const wasBlocked = new Set(state.blocked);
			const since = state.created.at === null ? undefined : BigInt(state.created.at);
			const seenAtCursor = new Set(state.created.ids);
			// Without a `created` an account cannot be told to be new, so it is taken as known.
			const isNew = ({ created, id }: Listed) =>
				created !== undefined && (since === undefined || created > since || (created === since && !seenAtCursor.has(id)));
			const changes = listed
				.filter((entry) => !isNew(entry) && entry.blocked !== wasBlocked.has(entry.id))
				.sort((a, b) => compareIds(a.id, b.id));
			const emitted = changes.slice(0, max);
			// A change not emitted yet keeps its old value, so that the next poll finds it again.
			const deferred = new Set(changes.slice(max).map((entry) => entry.id));
			const blocked = listed
				.filter((entry) => (deferred.has(entry.id) ? wasBlocked.has(entry.id) : entry.blocked))
				.map((entry) => entry.id);
			return {
				events: emitted.map((entry) => ({ ...entry.account, event, previousBlocked: !entry.blocked })),
				state: { blocked, created: createdCursor(state.created, listed) },
			};
		},

		async sample({ send, source }) {
			let newest: IDataObject | undefined;
			for await (const page of accountPages(send, source, { field: 'created', direction: 'desc' })) {
				for (const account of page) {
					if (!source.matches(account)) continue;
					if (account.blocked === true) return { ...account, event, previousBlocked: false };
					newest ??= account;
				}
			}
			return newest && { ...newest, event, previousBlocked: newest.blocked !== true };
		},

		noSample,
	};
}
