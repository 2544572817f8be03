/** The trigger's events by value: the Event list, the subtitle and the poll all come from here. */
import type { TriggerEvent } from '../helpers/watch';
import * as accountBlockChange from './accountBlockChange.event';
import * as accountLogin from './accountLogin.event';
import * as newAccount from './newAccount.event';

export const events: Record<string, TriggerEvent> = {
	newAccount: newAccount.event as unknown as TriggerEvent,
	accountLogin: accountLogin.event as unknown as TriggerEvent,
	accountBlockChange: accountBlockChange.event as unknown as TriggerEvent,
};
