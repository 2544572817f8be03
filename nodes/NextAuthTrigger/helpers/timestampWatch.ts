/**
 * Events that move a timestamp forward (an account's `lastlogin`; `created` where account ids
 * cannot be relied on): the list is read newest first and only down to the cursor, so a poll with
 * nothing new reads one page. Accounts that share the cursor's timestamp are told apart by the ids
 * kept with it. The timestamps are the server's: when its clock steps back, what happens at the
 * earlier times is seen once the clock passes the cursor again (nothing is reported twice).
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages, type ReadClock, type ReadOrder } from './accounts';
import { compareStamped, idOf, timestampOf, type Stamped } from './order';
import { isCursor, type Cursor } from './state';
import type { PollResult, Reader, TriggerEvent } from './watch';

export type TimestampField = 'created' | 'lastlogin';

export interface TimestampState extends IDataObject {
	cursor: Cursor;
	/**
	 * With filters: the server's time at the read the state comes from (ms since epoch, decimal
	 * text). An account that joins the watched set brings its earlier timestamp with it; one from
	 * before this time is not an event.
	 */
	since?: string;
}

const newestFirst = (field: TimestampField): ReadOrder => ({ field, direction: 'desc' });

/** Every account newer than `cursor` (matching the filters or not), oldest first. */
async function newerThan(
	{ send, source }: Reader,
	field: TimestampField,
	cursor: Cursor,
	clock?: ReadClock,
): Promise<Stamped[]> {
	const at = cursor.at === null ? undefined : BigInt(cursor.at);
	const seenAtCursor = new Set(cursor.ids);
	const found: Stamped[] = [];
	pages: for await (const page of accountPages(send, source, newestFirst(field), clock)) {
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
	const ids = found
		.filter((entry) => entry.at === through.at && compareStamped(entry, through) <= 0)
		.map((entry) => entry.id);
	if (cursor.at !== null && BigInt(cursor.at) === through.at) ids.push(...cursor.ids);
	return { at: through.at.toString(), ids: [...new Set(ids)] };
}

/** The newest timestamp in the list and the ids at it: where a watch by `field` starts. */
export async function newestCursor(
	{ send, source }: Reader,
	field: TimestampField,
	clock?: ReadClock,
): Promise<Cursor> {
	let newest: bigint | undefined;
	const ids: string[] = [];
	pages: for await (const page of accountPages(send, source, newestFirst(field), clock)) {
		for (const account of page) {
			const stamp = timestampOf(account[field]);
			if (stamp === undefined) continue;
			newest ??= stamp;
			if (stamp < newest) break pages;
			ids.push(idOf(account));
		}
	}
	return { at: newest === undefined ? null : newest.toString(), ids };
}

/**
 * What happened since `cursor`, at most `max` events: the events, the accounts read past, the new
 * cursor, and whether nothing was put off.
 */
export async function pollByTimestamp(
	reader: Reader,
	field: TimestampField,
	cursor: Cursor,
	max: number,
	since?: bigint,
	clock?: ReadClock,
): Promise<{ emitted: Stamped[]; passed: Stamped[]; cursor: Cursor; complete: boolean }> {
	const found = await newerThan(reader, field, cursor, clock);
	const events = found.filter(
		(entry) => reader.source.matches(entry.account) && (since === undefined || entry.at >= since),
	);
	const emitted = events.slice(0, max);
	// All events fit: the cursor passes everything read. Otherwise it stops at the last one
	// emitted, and the rest come out at the next polls.
	const through = emitted.length < events.length ? emitted[emitted.length - 1] : found[found.length - 1];
	const passed = through ? found.filter((entry) => compareStamped(entry, through) <= 0) : [];
	return {
		emitted,
		passed,
		cursor: through ? cursorThrough(cursor, found, through) : cursor,
		complete: emitted.length === events.length,
	};
}

/** The newest account of the watched set with the timestamp, as the event's sample. */
export async function newestWith({ send, source }: Reader, field: TimestampField): Promise<IDataObject | undefined> {
	for await (const page of accountPages(send, source, newestFirst(field))) {
		const account = page.find((candidate) => timestampOf(candidate[field]) !== undefined && source.matches(candidate));
		if (account) return account;
	}
	return undefined;
}

/** `since` for a watch with filters, when the server told its time. */
function sinceOf({ source }: Reader, clock: ReadClock): { since?: string } {
	return source.scoped && clock.serverTime !== undefined ? { since: clock.serverTime.toString() } : {};
}

export function timestampWatch(
	field: TimestampField,
	option: INodePropertyOptions,
	noSample: (label: string) => string,
): TriggerEvent<TimestampState> {
	const event = String(option.value);
	return {
		option,
		// Version 1 stored the same cursor, without `since`.
		restore: (state) => {
			const { cursor, since } = (state ?? {}) as Partial<TimestampState>;
			if (!isCursor(cursor) || (since !== undefined && timestampOf(since) === undefined)) return undefined;
			return { cursor, ...(since !== undefined && { since }) };
		},

		async baseline(reader) {
			const clock: ReadClock = {};
			const cursor = await newestCursor(reader, field, clock);
			return { cursor, ...sinceOf(reader, clock) };
		},

		async poll(reader, state, max): Promise<PollResult<TimestampState>> {
			const clock: ReadClock = {};
			const since = reader.source.scoped && state.since !== undefined ? BigInt(state.since) : undefined;
			const { emitted, cursor, complete } = await pollByTimestamp(reader, field, state.cursor, max, since, clock);
			// Events put off keep the time they are measured against.
			// Stryker disable next-line ConditionalExpression: a since of undefined is no since (n8n saves the state as JSON)
			const next = complete ? sinceOf(reader, clock) : state.since === undefined ? {} : { since: state.since };
			return { events: emitted.map((entry) => ({ ...entry.account, event })), state: { cursor, ...next } };
		},

		async sample(reader) {
			const account = await newestWith(reader, field);
			return account && { ...account, event };
		},

		noSample,
	};
}
