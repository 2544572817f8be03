/**
 * The waits an operation can do after its call: Wait for Login (push operations) and Wait for
 * Decision (Request Approval). Each is a switch with Wait Timeout and Poll Interval under it;
 * defined once, shown for the operations whose module has the trait.
 */
import type { INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from '../../shared/descriptions/display';

/** The editor's limits, checked again at run time (expressions bypass the editor). */
export const WAIT_TIMEOUT_RANGE = { min: 1, max: 3600 };
export const POLL_INTERVAL_RANGE = { min: 0.2, max: 60 };

/** The switch `name` and, while it is on, Wait Timeout and Poll Interval (the same parameters for every wait). */
function waitProperties(
	name: string,
	displayName: string,
	description: string,
	waitingFor: string,
	checking: string,
): INodeProperties[] {
	const whileOn = { show: { [name]: [true] } };
	return [
		{ displayName, name, type: 'boolean', default: false, description },
		{
			displayName: 'Wait Timeout',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: WAIT_TIMEOUT_RANGE.min, maxValue: WAIT_TIMEOUT_RANGE.max },
			default: 120,
			description: `How long to wait for the ${waitingFor} in all, each check included, in seconds. A check that fails for a passing reason (network, timeout, 5xx, 429) does not end the wait.`,
			displayOptions: whileOn,
		},
		{
			displayName: 'Poll Interval',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: POLL_INTERVAL_RANGE.min, maxValue: POLL_INTERVAL_RANGE.max, numberPrecision: 1 },
			default: 2,
			description: `How often to check ${checking} while waiting, in seconds`,
			displayOptions: whileOn,
		},
	];
}

/** Wait for Login and its settings, shown for `operations`. */
export const waitForLoginDescription = (operations: string[]) =>
	showOnlyFor(
		operations,
		waitProperties(
			'waitForLogin',
			'Wait for Login',
			'Whether to wait, after pushing, until the user confirms the login in the app. The output is then the session\'s login status with "confirmed" and the time waited (and "lastCheckError" when the last check failed).',
			'confirmation',
			"the session's login status",
		),
	);

/** Wait for Decision and its settings, shown for `operations`. */
export const waitForDecisionDescription = (operations: string[]) =>
	showOnlyFor(
		operations,
		waitProperties(
			'waitForDecision',
			'Wait for Decision',
			'Whether to wait until the user approves or declines in the app. The output then says "approved", "decided" and the time waited (and "lastCheckError" when the last check failed).',
			'decision',
			'the approval result',
		),
	);
