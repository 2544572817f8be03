/** The trigger's events by value: the Event list, the subtitle and the poll all come from here. */
import type { IDataObject } from 'n8n-workflow';

import type { TriggerEvent } from '../helpers/watch';
import * as accountBlockChange from './accountBlockChange.event';
import * as accountLogin from './accountLogin.event';
import * as newAccount from './newAccount.event';

/** An event whose state is its own: the node hands each event only what that event restored. */
function erased<S extends IDataObject>(event: TriggerEvent<S>): TriggerEvent {
	return event as unknown as TriggerEvent;
}

export const events: Readonly<Record<string, TriggerEvent>> = {
	newAccount: erased(newAccount.event),
	accountLogin: erased(accountLogin.event),
	accountBlockChange: erased(accountBlockChange.event),
};

/** The event named `value`, when it is one of the trigger's (own entries only: `constructor` is none). */
export function eventNamed(value: string): TriggerEvent | undefined {
	return Object.hasOwn(events, value) ? events[value] : undefined;
}
