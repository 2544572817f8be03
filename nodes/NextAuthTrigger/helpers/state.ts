/**
 * What the trigger remembers between polls: kept in the workflow's static data ('node'), which n8n
 * saves with the workflow, so it survives a restart. A state belongs to one watch (event, filters,
 * server): when those change, or the state is not one this node wrote, the next poll starts over
 * from where things stand.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { timestampOf } from './order';

/** The key under the node's static data; the state's `version` changes when its shape does. */
const KEY = 'nextAuthTrigger';
const VERSION = 1;

/** Where a timestamp-ordered watch has read up to: the newest server timestamp, and the ids seen at it. */
export interface Cursor {
	/** Decimal text (timestamps are int64); null when no account had the timestamp yet. */
	at: string | null;
	ids: string[];
}

export const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((id) => typeof id === 'string');

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

/** The stored state of this scope, when it is one `isState` accepts; undefined otherwise. */
export function readState<S extends IDataObject>(staticData: IDataObject, scope: string, isState: (value: unknown) => value is S): S | undefined {
	const stored = staticData[KEY] as IDataObject | undefined;
	if (typeof stored !== 'object' || stored === null || stored.version !== VERSION || stored.scope !== scope) return undefined;
	return isState(stored.state) ? stored.state : undefined;
}

/** Replaces the stored state (one assignment: n8n's static data notices it and saves the workflow's). */
export function writeState(staticData: IDataObject, scope: string, state: IDataObject): void {
	staticData[KEY] = { version: VERSION, scope, state };
}
