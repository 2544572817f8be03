/**
 * Events that move a timestamp forward (an account `created`, an account's `lastlogin`): the
 * list is read newest first and only down to the cursor, so a poll with nothing new reads one
 * page. Accounts that share the cursor's timestamp are told apart by the ids kept with it.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages } from './accounts';
import { compareStamped, idOf, timestampOf, type Stamped } from './order';
import { isCursor, type Cursor } from './state';
import type { Reader, TriggerEvent } from './watch';

export interface TimestampState extends IDataObject {
	cursor: Cursor;
}

/** Every account newer than `cursor` (matching the filters or not), oldest first. */
async function newerThan({ send, source }: Reader, field: 'created' | 'lastlogin', cursor: Cursor): Promise<Stamped[]> {
	const at = cursor.at === null ? undefined : BigInt(cursor.at);
	const seenAtCursor = new Set(cursor.ids);
	const found: Stamped[] = [];
	pages: for await (const page of accountPages(send, source, { field, direction: 'desc' })) {
		for (const account of page) {
			const stamp = timestampOf(account[field]);
			if (stamp === undefined) continue;
			// Newest first: past the cursor's timestamp there is nothing new.
			if (at !== undefined && stamp < at) break pages;
			const id = idOf(account);
			if (stamp === at && seenAtCursor.has(id)) continue;
			found.push({ account, id, at: stamp });
		}
	}
	return found.sort(compareStamped);
}

/** The cursor once everything in `found` up to and including `through` has been handled. */
function cursorThrough(cursor: Cursor, found: Stamped[], through: Stamped): Cursor {
	const ids = found.filter((entry) => entry.at === through.at && compareStamped(entry, through) <= 0).map((entry) => entry.id);
	if (cursor.at !== null && BigInt(cursor.at) === through.at) ids.push(...cursor.ids);
	return { at: through.at.toString(), ids: [...new Set(ids)] };
}

export function timestampWatch(
	field: 'created' | 'lastlogin',
	option: INodePropertyOptions,
	noSample: (label: string) => string,
): TriggerEvent<TimestampState> {
	const event = String(option.value);
	return {
		option,
		isState: (value): value is TimestampState => isCursor((value as TimestampState | undefined)?.cursor),

		async baseline({ send, source }) {
			let newest: bigint | undefined;
			const ids: string[] = [];
			pages: for await (const page of accountPages(send, source, { field, direction: 'desc' })) {
				for (const account of page) {
					const stamp = timestampOf(account[field]);
					if (stamp === undefined) continue;
					newest ??= stamp;
					if (stamp < newest) break pages;
					ids.push(idOf(account));
				}
			}
			return { cursor: { at: newest === undefined ? null : newest.toString(), ids } };
		},

		async poll(reader, state, max) {
			const found = await newerThan(reader, field, state.cursor);
			const events = found.filter((entry) => reader.source.matches(entry.account));
			const emitted = events.slice(0, max);
			// All events fit: the cursor passes everything read. Otherwise it stops at the last one
			// emitted, and the rest come out at the next polls.
			const through = emitted.length < events.length ? emitted[emitted.length - 1] : found[found.length - 1];
			return {
				events: emitted.map((entry) => ({ ...entry.account, event })),
				state: { cursor: through ? cursorThrough(state.cursor, found, through) : state.cursor },
			};
		},

		async sample({ send, source }) {
			for await (const page of accountPages(send, source, { field, direction: 'desc' })) {
				const account = page.find((candidate) => timestampOf(candidate[field]) !== undefined && source.matches(candidate));
				if (account) return { ...account, event };
			}
			return undefined;
		},

		noSample,
	};
}
