import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { ApiClient, type CallSettings } from '../shared/helpers/apiClient';
import { ParameterCheck } from '../shared/helpers/validation';
import {
	DEFAULT_MAX_EVENTS,
	eventDescription,
	filtersDescription,
	MAX_EVENTS_RANGE,
	triggerOptionsDescription,
} from './descriptions/trigger.description';
import { eventNamed, events } from './events';
import { accountSource, readFilters } from './helpers/accounts';
import { onePollAtATime, startsNewActivation } from './helpers/polls';
import { readState, scopeOf, writeState } from './helpers/state';
import type { Reader } from './helpers/watch';

const eventList = Object.values(events).map((event) => event.option);
/** The events the Filters apply to: they are shown for these only. */
const filteredEvents = Object.entries(events)
	.filter(([, event]) => event.filtered !== false)
	.map(([value]) => value);

export class NextAuthTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NextAuth Trigger',
		name: 'nextAuthTrigger',
		icon: { light: 'file:../../icons/nextauth.svg', dark: 'file:../../icons/nextauth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(Object.fromEntries(eventList.map((option) => [option.value, option.name])))}[$parameter["event"]] }}`,
		description:
			'Starts the workflow when a device is enrolled, an account logs in or is blocked or unblocked, permissions change, an API key is created, or the server settings change',
		defaults: { name: 'NextAuth Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nextAuthApi', required: true }],
		properties: [eventDescription(eventList), filtersDescription(filteredEvents), triggerOptionsDescription],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const api = await ApiClient.open(this);
		const check = new ParameterCheck(node, 0);
		const eventName = String(this.getNodeParameter('event', 'newAccount'));
		const event = eventNamed(eventName);
		if (!event) throw check.fail('Event', `must be one of ${Object.keys(events).join(', ')}, got "${eventName}"`);
		// Hidden for the other events: whatever values they kept from an earlier choice do not count.
		const filters = event.filtered !== false ? readFilters(this.getNodeParameter('filters', {}), check) : {};
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxEvents =
			options.maxEventsPerPoll === undefined
				? DEFAULT_MAX_EVENTS
				: check.numberInRange('Max Events per Poll', options.maxEventsPerPoll, MAX_EVENTS_RANGE);
		const settings: CallSettings = {
			...api.requestOptions(options, check),
			// n8n 2.x gives each poll a time budget; no request or retry wait goes past it.
			...(typeof this.getPollBudgetMs === 'function' && { deadline: Date.now() + this.getPollBudgetMs() }),
		};
		const reader: Reader = {
			send: async (request) => await api.send(request, settings),
			source: accountSource(filters),
			serverId: settings.serverId,
		};
		const output = (accounts: IDataObject[]) => [accounts.map((json) => ({ json }))];

		try {
			if (this.getMode() === 'manual') {
				const sample = await event.sample(reader);
				if (!sample) throw new NodeOperationError(node, event.noSample(reader.source.label));
				return output([sample]);
			}
			return await onePollAtATime(this, async () => {
				const staticData = this.getWorkflowStaticData('node');
				const scope = scopeOf([eventName, filters.userId, filters.filter, settings.serverId, api.credentials.baseUrl]);
				const stored = startsNewActivation(this) ? undefined : readState(staticData, scope);
				// The state changes only after a poll succeeded: a failed one moves no cursor.
				const { events: emitted, state } = await event.run(reader, stored, maxEvents);
				writeState(staticData, scope, state);
				return emitted.length > 0 ? output(emitted) : null;
			});
		} catch (error) {
			throw api.nodeError(error);
		}
	}
}
