/** The trigger's events by value: the Event list, the subtitle and the poll all come from here. */
import { runnable, type RunnableEvent } from '../helpers/watch';
import * as accountBlockChange from './accountBlockChange.event';
import * as accountLogin from './accountLogin.event';
import * as apiKeyCreated from './apiKeyCreated.event';
import * as newAccount from './newAccount.event';
import * as permissionChange from './permissionChange.event';
import * as serverChange from './serverChange.event';

export const events: Readonly<Record<string, RunnableEvent>> = {
	newAccount: runnable(newAccount.event),
	accountLogin: runnable(accountLogin.event),
	accountBlockChange: runnable(accountBlockChange.event),
	permissionChange: runnable(permissionChange.event),
	apiKeyCreated: runnable(apiKeyCreated.event),
	serverChange: runnable(serverChange.event),
};

/** The event named `value`, when it is one of the trigger's (own entries only: `constructor` is none). */
export function eventNamed(value: string): RunnableEvent | undefined {
	return Object.hasOwn(events, value) ? events[value] : undefined;
}
