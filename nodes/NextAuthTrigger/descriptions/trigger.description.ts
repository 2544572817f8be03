/** The trigger's fields: Event, Filters, Options (Timeout, Max Retries and Server ID as in the other nodes). */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { optionsDescription } from '../../shared/descriptions/options.description';

/** Max Events per Poll: each event is an item of one execution, held in n8n's memory. */
export const MAX_EVENTS_RANGE = { min: 1, max: 10_000, whole: true };
export const DEFAULT_MAX_EVENTS = 1000;

export function eventDescription(options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'newAccount',
		description:
			'What starts the workflow. The first poll after activation only notes where things stand: events from before it are not emitted.',
	};
}

/** The Filters, shown for the events that watch accounts (`events`). */
export const filtersDescription = (events: string[]): INodeProperties => ({
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Attribute Filter',
			name: 'filter',
			type: 'string',
			default: '',
			placeholder: 'e.g. group=in:admins,ops',
			description:
				"Only accounts whose user's attribute (or the account's own field) has this value (attribute=value), or one of these values (attribute=in:a,b)",
		},
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			default: '',
			placeholder: 'e.g. alice',
			description: "Only this user's accounts",
			hint: "With an Attribute Filter too, both must match: the filter is sent to the API and the user ID compared in its answer (the user's own account list takes no filter)",
		},
	],
	displayOptions: { show: { event: events } },
});

const SHARED_OPTIONS = new Set(['maxRetries', 'serverId', 'timeout']);

export const triggerOptionsDescription: INodeProperties = {
	...optionsDescription,
	options: [
		{
			displayName: 'Max Events per Poll',
			name: 'maxEventsPerPoll',
			type: 'number',
			typeOptions: { minValue: MAX_EVENTS_RANGE.min, maxValue: MAX_EVENTS_RANGE.max, numberPrecision: 0 },
			default: 1000, // DEFAULT_MAX_EVENTS (n8n's lint wants a literal)
			description:
				'The most events one poll emits, oldest first; the rest follow at the next polls, none lost and none twice',
		},
		...(optionsDescription.options ?? []).filter((option) => SHARED_OPTIONS.has(option.name)),
	],
};
