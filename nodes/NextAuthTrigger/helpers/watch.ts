/** What each event of the trigger implements: a first look, a poll, and a sample for the editor. */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import type { AccountSource, Send } from './accounts';
import type { Stored } from './state';

export interface Reader {
	send: Send;
	/** The accounts the Filters select (the account events). */
	source: AccountSource;
	/** The server the calls name: the Server ID option where set, else the credential's. */
	serverId: string;
}

export interface PollResult<S> {
	/** The events' accounts, oldest first, each with `event` (and what the event adds). */
	events: IDataObject[];
	/** The state to keep once the events are emitted. */
	state: S;
}

export interface TriggerEvent<S extends IDataObject = IDataObject> {
	option: INodePropertyOptions;
	/** Whether the Filters apply: they do unless this says false (the security-watch events read other lists). */
	filtered?: boolean;
	/**
	 * The state of this event in what is stored, written by this version of the node or by an
	 * earlier one (`version`); undefined when it is not one (the next poll starts over).
	 */
	restore: (state: unknown, version: number) => S | undefined;
	/** Where things stand now: the state of the first poll, which emits nothing. */
	baseline: (reader: Reader) => Promise<S>;
	/**
	 * What happened since `state`, at most `max` events. The state may be one n8n saved some polls
	 * ago (it saves with each poll that emits): the events must be the same as from the newest.
	 */
	poll: (reader: Reader, state: S, max: number) => Promise<PollResult<S>>;
	/** An account to show as the event's sample (Fetch Test Event), or undefined when there is none. */
	sample: (reader: Reader) => Promise<IDataObject | undefined>;
	/** The sentence when there is no sample, for the accounts `label` names. */
	noSample: (label: string) => string;
}

/** An event as the node runs it, its state type closed over: one map holds events of every state. */
export interface RunnableEvent {
	option: INodePropertyOptions;
	/** As the event says (see TriggerEvent): the node shows and reads the Filters unless it is false. */
	filtered?: boolean;
	/** The baseline when nothing usable is stored (no events), a poll from the stored state otherwise. */
	run: (reader: Reader, stored: Stored | undefined, max: number) => Promise<PollResult<IDataObject>>;
	sample: (reader: Reader) => Promise<IDataObject | undefined>;
	noSample: (label: string) => string;
}

export function runnable<S extends IDataObject>(event: TriggerEvent<S>): RunnableEvent {
	return {
		option: event.option,
		filtered: event.filtered,
		async run(reader, stored, max) {
			const state = stored && event.restore(stored.state, stored.version);
			return state ? await event.poll(reader, state, max) : { events: [], state: await event.baseline(reader) };
		},
		sample: event.sample,
		noSample: event.noSample,
	};
}

/**
 * Whether a stored value is a list of at most `max` `[text, text]` pairs whose second text
 * `valid` accepts: what the security-watch events store (a state edited by hand is refused).
 */
export function isTextPairs(
	value: unknown,
	max: number,
	valid: (second: string) => boolean = () => true,
): value is Array<[string, string]> {
	return (
		Array.isArray(value) &&
		value.length <= max &&
		value.every(
			(pair) =>
				Array.isArray(pair) &&
				pair.length === 2 &&
				typeof pair[0] === 'string' &&
				typeof pair[1] === 'string' &&
				valid(pair[1]),
		)
	);
}
