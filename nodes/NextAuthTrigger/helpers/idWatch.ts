/**
 * New accounts, told by their ids: the list is read highest id first and only down to the highest
 * id already seen, so a poll with nothing new reads one page, and the server's clock plays no part
 * (a clock stepped back loses nothing). It relies on what docs/nextauth-api.md says may be assumed
 * of account ids: they grow and are never reused, as a database sequence gives them. The state
 * keeps the highest ids read as a check of that: in a list without filters, an id among them that
 * was not there before is a new account with an id below the highest, and from then on the watch
 * goes by creation time instead (timestampWatch), which still sees it.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages, type ReadOrder } from './accounts';
import { compareIds, idOf, timestampOf, type Stamped } from './order';
import { decodeIds, encodeIds, highestId, isCursor, isEncodedIds, type Cursor } from './state';
import { newestCursor, pollByTimestamp } from './timestampWatch';
import type { PollResult, Reader, TriggerEvent } from './watch';

/** How many of the highest ids the state keeps as the check of the ids' order. */
export const TOP_IDS = 100;

const HIGHEST_FIRST: ReadOrder = { direction: 'desc' };

export interface NewAccountState extends IDataObject {
	/** `id` while ids can be relied on; `created` once the server showed they cannot, or after an upgrade. */
	by: 'id' | 'created';
	/** The highest ids read (encodeIds): every id of the list from the lowest of them up was among them. */
	top: string[];
	/** The newest `created` read and the ids at it, for the watch by creation time. */
	cursor: Cursor;
	/** After an upgrade from a state without ids: learn them at the next poll that puts nothing off. */
	learnIds?: boolean;
}

interface Read {
	account: IDataObject;
	id: string;
}

/** The first page of the list by id, highest first (a poll's look at the newest accounts). */
async function highestIds({ send, source }: Reader): Promise<string[]> {
	for await (const page of accountPages(send, source, HIGHEST_FIRST)) return page.map(idOf);
	// Stryker disable next-line ArrayDeclaration: accountPages yields at least one page, so this is never reached
	return [];
}

/** The highest TOP_IDS of `ids`, encoded. */
function topOf(ids: Iterable<string>): string[] {
	return encodeIds([...new Set(ids)].sort((a, b) => compareIds(b, a)).slice(0, TOP_IDS));
}

/** The cursor moved over accounts read past (the watch by id keeps it for a fall-back). */
function cursorOver(cursor: Cursor, passed: Read[]): Cursor {
	let at = cursor.at === null ? undefined : BigInt(cursor.at);
	let ids = new Set(cursor.ids);
	for (const { account, id } of passed) {
		const stamp = timestampOf(account.created);
		if (stamp === undefined || (at !== undefined && stamp < at)) continue;
		if (at === undefined || stamp > at) [at, ids] = [stamp, new Set()];
		ids.add(id);
	}
	return { at: at === undefined ? null : at.toString(), ids: [...ids] };
}

export function idWatch(
	option: INodePropertyOptions,
	noSample: (label: string) => string,
): TriggerEvent<NewAccountState> {
	const event = String(option.value);
	const toEvents = (entries: Array<Read | Stamped>) => entries.map(({ account }) => ({ ...account, event }));

	/** The watch by creation time (the fall-back, and the first poll after an upgrade). */
	async function pollByCreated(
		reader: Reader,
		state: NewAccountState,
		max: number,
	): Promise<PollResult<NewAccountState>> {
		// Ids are read first: an account enrolled between the two reads is then among the events.
		const ids = state.learnIds === true ? await highestIds(reader) : undefined;
		const { emitted, passed, cursor, complete } = await pollByTimestamp(reader, 'created', state.cursor, max);
		return {
			events: toEvents(emitted),
			state:
				ids !== undefined && complete
					? { by: 'id', top: topOf([...ids, ...passed.map((entry) => entry.id)]), cursor }
					: { ...state, cursor },
		};
	}

	return {
		option,
		restore(state, version) {
			const stored = state as Partial<NewAccountState> | undefined;
			if (!isCursor(stored?.cursor)) return undefined;
			// Version 1 watched `created` alone: it goes on from its cursor and learns the ids.
			if (version === 1) return { by: 'created', top: [], cursor: stored.cursor, learnIds: true };
			if ((stored.by !== 'id' && stored.by !== 'created') || !isEncodedIds(stored.top)) return undefined;
			return {
				by: stored.by,
				top: stored.top,
				cursor: stored.cursor,
				...(stored.learnIds === true && { learnIds: true }),
			};
		},

		async baseline(reader) {
			const top = topOf(await highestIds(reader));
			return { by: 'id', top, cursor: await newestCursor(reader, 'created') };
		},

		async poll(reader, state, max) {
			if (state.by === 'created') return await pollByCreated(reader, state, max);
			const known = decodeIds(state.top);
			const highest = highestId(known);
			const lowest = [...known].reduce<string | undefined>(
				(low, id) => (low === undefined || compareIds(id, low) < 0 ? id : low),
				undefined,
			);
			const newer: Read[] = [];
			const read: string[] = [];
			let idsBelow = false;
			pages: for await (const page of accountPages(reader.send, reader.source, HIGHEST_FIRST)) {
				let reachedSeen = false;
				for (const account of page) {
					const id = idOf(account);
					read.push(id);
					if (highest === undefined || compareIds(id, highest) > 0) {
						newer.push({ account, id });
						continue;
					}
					reachedSeen = true;
					// Without filters nothing enters the list but by enrolment: an unknown id among the
					// highest is a new account the id order would miss.
					if (!reader.source.scoped && compareIds(id, lowest!) >= 0 && !known.has(id)) idsBelow = true;
				}
				if (reachedSeen) break pages;
			}
			if (idsBelow) return await pollByCreated(reader, { ...state, by: 'created' }, max);
			newer.sort((a, b) => compareIds(a.id, b.id));
			const events = newer.filter((entry) => reader.source.matches(entry.account));
			const emitted = events.slice(0, max);
			// All events fit: the watch passes everything read. Otherwise it stops at the last one
			// emitted, and the rest (higher ids) come out at the next polls.
			const through = emitted.length < events.length ? emitted[emitted.length - 1].id : newer[newer.length - 1]?.id;
			const passed = through === undefined ? [] : newer.filter((entry) => compareIds(entry.id, through) <= 0);
			// Stryker disable next-line ConditionalExpression: without a through every id is kept either way (no id compares below undefined)
			const kept = read.filter((id) => through === undefined || compareIds(id, through) <= 0);
			return {
				events: toEvents(emitted),
				state: { by: 'id', top: topOf([...known, ...kept]), cursor: cursorOver(state.cursor, passed) },
			};
		},

		async sample({ send, source }) {
			for await (const page of accountPages(send, source, HIGHEST_FIRST)) {
				const account = page.find((candidate) => source.matches(candidate));
				if (account) return { ...account, event };
			}
			return undefined;
		},

		noSample,
	};
}
