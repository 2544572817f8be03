/**
 * Blocked / unblocked: the API has no change log, so each poll reads the whole list and compares
 * each account's `blocked` with the poll before. The state is the ids of the watched set and of
 * its blocked accounts, a few runs of ids each (encodeIds). Every difference from it is an event,
 * so a state n8n saved some polls ago (it saves with each poll that emits, not with the others,
 * unless its durable poll cursors are on) gives the same events as the newest one would.
 *
 * An account the state does not know is either new (enrolled since) or one that entered the
 * watched set (moved to the watched user, its user given the filtered attribute). nextAuth enrols
 * accounts unblocked, so a new account found blocked was blocked after its enrolment: a block. One
 * that entered the set is taken as it is: no event. Without filters nothing enters the set but by
 * enrolment; with them, an account is new when its id is above every id the set had and it was
 * created after the state's read (the server's clock then). A deleted account, or one that left
 * the set, is no event.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages, type ReadClock } from './accounts';
import { compareIds, idOf, timestampOf } from './order';
import { decodeIds, encodeIds, highestId, isEncodedIds, isIdList } from './state';
import type { Reader, TriggerEvent } from './watch';

export interface BlockState extends IDataObject {
	/** The blocked accounts of the watched set (encodeIds). */
	blocked: string[];
	/** The watched set (encodeIds); absent in a state of version 1, where every account listed counts as known. */
	known?: string[];
	/** The highest id the watched set had. */
	highest?: string;
	/** The server's time at the read (ms since epoch, decimal text). */
	since?: string;
}

interface Listed {
	account: IDataObject;
	id: string;
	blocked: boolean;
}

/** Every account the filters select, by id (a total order; new accounts come last). */
async function readAll({ send, source }: Reader): Promise<{ listed: Listed[]; clock: ReadClock }> {
	const listed: Listed[] = [];
	const clock: ReadClock = {};
	for await (const page of accountPages(send, source, { direction: 'asc' }, clock)) {
		for (const account of page) {
			if (source.matches(account)) listed.push({ account, id: idOf(account), blocked: account.blocked === true });
		}
	}
	return { listed, clock };
}

/** The state of a read: `blocked` the ids to keep as blocked. */
function stateOf(listed: Listed[], blocked: Iterable<string>, clock: ReadClock, highest?: string): BlockState {
	const top = highestId(
		listed.map((entry) => entry.id),
		highest,
	);
	return {
		blocked: encodeIds(blocked),
		known: encodeIds(listed.map((entry) => entry.id)),
		...(top !== undefined && { highest: top }),
		...(clock.serverTime !== undefined && { since: clock.serverTime.toString() }),
	};
}

export function blockWatch(
	option: INodePropertyOptions,
	noSample: (label: string) => string,
): TriggerEvent<BlockState> {
	const event = String(option.value);
	return {
		option,
		restore(state, version) {
			const stored = state as Partial<BlockState> | undefined;
			// Version 1 kept the blocked ids alone, as plain text.
			if (version === 1) return isIdList(stored?.blocked) ? { blocked: encodeIds(stored.blocked) } : undefined;
			if (!stored || !isEncodedIds(stored.blocked) || (stored.known !== undefined && !isEncodedIds(stored.known)))
				return undefined;
			if (stored.highest !== undefined && (typeof stored.highest !== 'string' || stored.highest === ''))
				return undefined;
			if (stored.since !== undefined && timestampOf(stored.since) === undefined) return undefined;
			return stored as BlockState;
		},

		async baseline(reader) {
			const { listed, clock } = await readAll(reader);
			return stateOf(
				listed,
				listed.filter((entry) => entry.blocked).map((entry) => entry.id),
				clock,
			);
		},

		async poll(reader, state, max) {
			const { listed, clock } = await readAll(reader);
			const wasBlocked = decodeIds(state.blocked);
			const known = state.known && decodeIds(state.known);
			const since = timestampOf(state.since);
			const isNew = (entry: Listed) => {
				if (!reader.source.scoped) return true;
				const created = timestampOf(entry.account.created);
				const above = state.highest === undefined || compareIds(entry.id, state.highest) > 0;
				return above && (since === undefined || (created !== undefined && created >= since));
			};
			/** What the account was at the state: blocked, not, or as it is now when it entered the set since. */
			const previous = new Map<string, boolean>();
			for (const entry of listed) {
				const knownBefore = known === undefined || known.has(entry.id);
				previous.set(entry.id, knownBefore ? wasBlocked.has(entry.id) : isNew(entry) ? false : entry.blocked);
			}
			// In id order, as the list was read.
			const changes = listed.filter((entry) => entry.blocked !== previous.get(entry.id));
			const emitted = changes.slice(0, max);
			// A change not emitted yet keeps its old value, so that the next poll finds it again.
			const deferred = new Set(changes.slice(max).map((entry) => entry.id));
			const blocked = listed
				.filter((entry) => (deferred.has(entry.id) ? previous.get(entry.id) : entry.blocked))
				.map((entry) => entry.id);
			return {
				events: emitted.map((entry) => ({ ...entry.account, event, previousBlocked: !entry.blocked })),
				state: stateOf(listed, blocked, clock, state.highest),
			};
		},

		async sample({ send, source }) {
			let newest: IDataObject | undefined;
			for await (const page of accountPages(send, source, { direction: 'desc' })) {
				for (const account of page) {
					if (!source.matches(account)) continue;
					if (account.blocked === true) return { ...account, event, previousBlocked: false };
					newest ??= account;
				}
			}
			// No account is blocked: the newest, as if it had just been unblocked.
			return newest && { ...newest, event, previousBlocked: true };
		},

		noSample,
	};
}
