/**
 * What the trigger remembers between polls: kept in the workflow's static data ('node'), which n8n
 * saves with the workflow, so it survives a restart. A state belongs to one watch (event, filters,
 * server): when those change, or the state is not one this node wrote, the next poll starts over
 * from where things stand. A state an earlier version of the node wrote is taken over by the event
 * that reads it (`TriggerEvent.restore`), so that an upgrade neither replays nor loses events.
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { MAX_LIST_ENTRIES } from '../../shared/helpers/lists';
import { compareIds, timestampOf } from './order';

/** The key under the node's static data; the state's `version` changes when its shape does. */
const KEY = 'nextAuthTrigger';
export const STATE_VERSION = 2;

/** Where a timestamp-ordered watch has read up to: the newest server timestamp, and the ids seen at it. */
export interface Cursor {
	/** Decimal text (timestamps are int64); null when no account had the timestamp yet. */
	at: string | null;
	ids: string[];
}

export const isIdList = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((id) => typeof id === 'string');

/** A cursor this node wrote: `at` a server timestamp as it reads them (or null), `ids` a list of ids. */
export function isCursor(value: unknown): value is Cursor {
	const cursor = value as Cursor;
	return (
		typeof cursor === 'object' &&
		cursor !== null &&
		(cursor.at === null || (typeof cursor.at === 'string' && timestampOf(cursor.at) !== undefined)) &&
		isIdList(cursor.ids)
	);
}

/** A short digest of what the state belongs to; the Base URL may hold a password, so it is never stored as is. */
export function scopeOf(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

/** What is stored for a watch: its state, and the state version that wrote it. */
export interface Stored {
	version: number;
	state: unknown;
}

/** The stored state of this scope, with the version that wrote it; undefined when there is none. */
export function readState(staticData: IDataObject, scope: string): Stored | undefined {
	const stored = staticData[KEY] as IDataObject | undefined;
	if (typeof stored !== 'object' || stored === null || typeof stored.version !== 'number' || stored.scope !== scope)
		return undefined;
	return { version: stored.version, state: stored.state };
}

/** Replaces the stored state (one assignment: n8n's static data notices it and saves the workflow's). */
export function writeState(staticData: IDataObject, scope: string, state: IDataObject): void {
	staticData[KEY] = { version: STATE_VERSION, scope, state };
}

const DECIMAL = /^(0|[1-9]\d{0,19})$/;
const RANGE = /^(0|[1-9]\d{0,19})-([1-9]\d{0,19})$/;

/**
 * A set of account ids in a few bytes: runs of consecutive whole-number ids as `first-last`,
 * other whole numbers as themselves, any other id after a `=`. Ids are given by a database
 * sequence in practice, so the accounts of a server are mostly a handful of runs.
 */
export function encodeIds(ids: Iterable<string>): string[] {
	const numbers: bigint[] = [];
	const others: string[] = [];
	for (const id of ids) {
		if (DECIMAL.test(id)) numbers.push(BigInt(id));
		else others.push(`=${id}`);
	}
	// Stryker disable next-line EqualityOperator,ConditionalExpression: equal ids are interchangeable, and the sort only asks whether the result is below 0
	numbers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const runs: string[] = [];
	for (let n = 0; n < numbers.length;) {
		let last = n;
		while (last + 1 < numbers.length && numbers[last + 1] - numbers[last] <= 1n) last++;
		runs.push(last === n || numbers[last] === numbers[n] ? String(numbers[n]) : `${numbers[n]}-${numbers[last]}`);
		n = last + 1;
	}
	return [...runs, ...others.sort()];
}

/** The most ids a stored set may hold: twice the most accounts one poll reads. */
const MAX_STORED_IDS = 2n * BigInt(MAX_LIST_ENTRIES);

/** Whether a stored value is a set encodeIds wrote, of at most MAX_STORED_IDS ids (a state edited by hand could name millions). */
export function isEncodedIds(value: unknown): value is string[] {
	if (!isIdList(value)) return false;
	let count = 0n;
	for (const token of value) {
		if (token.startsWith('=') || DECIMAL.test(token)) count++;
		else {
			const match = RANGE.exec(token);
			if (!match || BigInt(match[1]) >= BigInt(match[2])) return false;
			count += BigInt(match[2]) - BigInt(match[1]) + 1n;
		}
		if (count > MAX_STORED_IDS) return false;
	}
	return true;
}

/** The ids of an encoded set, for membership tests. */
export function decodeIds(tokens: string[]): Set<string> {
	const ids = new Set<string>();
	for (const token of tokens) {
		if (token.startsWith('=')) ids.add(token.slice(1));
		else if (DECIMAL.test(token)) ids.add(token);
		else {
			const [first, last] = token.split('-').map(BigInt);
			for (let id = first; id <= last; id++) ids.add(String(id));
		}
	}
	return ids;
}

/** The highest of some ids, as the server orders them; undefined for none. */
export function highestId(ids: Iterable<string>, start?: string): string | undefined {
	let highest = start;
	for (const id of ids) if (highest === undefined || compareIds(id, highest) > 0) highest = id;
	return highest;
}
