/**
 * Blocked / unblocked: the API has no change log, so each poll reads the whole list and compares
 * each account's `blocked` with the blocked ids kept from the poll before. The state is those ids
 * alone (about 10 bytes an account, at most MAX_LIST_ENTRIES): every difference from it is an
 * event, so a state n8n saved some polls ago (it saves with each poll that emits, not with the
 * others) gives the same events as the newest one would. nextAuth enrols accounts unblocked, so a
 * new account found blocked was blocked after its enrolment: it comes out as a block. A deleted
 * account is no event.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { accountPages } from './accounts';
import { compareIds, idOf } from './order';
import { isIdList } from './state';
import type { Reader, TriggerEvent } from './watch';

export interface BlockState extends IDataObject {
	blocked: string[];
}

interface Listed {
	account: IDataObject;
	id: string;
	blocked: boolean;
}

/** Every account the filters select, oldest first (the list's end moves least while it is read). */
async function readAll({ send, source }: Reader): Promise<Listed[]> {
	const listed: Listed[] = [];
	for await (const page of accountPages(send, source, { field: 'created', direction: 'asc' })) {
		for (const account of page) {
			if (source.matches(account)) listed.push({ account, id: idOf(account), blocked: account.blocked === true });
		}
	}
	return listed;
}

export function blockWatch(option: INodePropertyOptions, noSample: (label: string) => string): TriggerEvent<BlockState> {
	const event = String(option.value);
	return {
		option,
		isState: (value): value is BlockState => isIdList((value as BlockState | undefined)?.blocked),

		async baseline(reader) {
			const listed = await readAll(reader);
			return { blocked: listed.filter((entry) => entry.blocked).map((entry) => entry.id) };
		},

		async poll(reader, state, max) {
			const listed = await readAll(reader);
			const wasBlocked = new Set(state.blocked);
			const changes = listed.filter((entry) => entry.blocked !== wasBlocked.has(entry.id)).sort((a, b) => compareIds(a.id, b.id));
			const emitted = changes.slice(0, max);
			// A change not emitted yet keeps its old value, so that the next poll finds it again.
			const deferred = new Set(changes.slice(max).map((entry) => entry.id));
			const blocked = listed
				.filter((entry) => (deferred.has(entry.id) ? wasBlocked.has(entry.id) : entry.blocked))
				.map((entry) => entry.id);
			return {
				events: emitted.map((entry) => ({ ...entry.account, event, previousBlocked: !entry.blocked })),
				state: { blocked },
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
