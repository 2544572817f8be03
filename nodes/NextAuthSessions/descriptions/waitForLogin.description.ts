/** "Wait for Login" of the push operations: defined once, shown for each (`traits.waitForLogin`). */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { showOnlyFor } from './display';

/** The editor's limits, checked again at run time (expressions bypass the editor). */
export const WAIT_TIMEOUT_RANGE = { min: 1, max: 3600 };
export const POLL_INTERVAL_RANGE = { min: 0.2, max: 60 };

const show = (extra: IDisplayOptions['show'] = {}) => ({ show: extra });

const properties: INodeProperties[] = [
	{
		displayName: 'Wait for Login',
		name: 'waitForLogin',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait, after pushing, until the user confirms the login in the app. The output is then the session\'s login status with "confirmed" and the time waited.',
		displayOptions: show(),
	},
	{
		displayName: 'Wait Timeout',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: WAIT_TIMEOUT_RANGE.min, maxValue: WAIT_TIMEOUT_RANGE.max },
		default: 120,
		description: 'How long to wait for the confirmation, in seconds',
		displayOptions: show({ waitForLogin: [true] }),
	},
	{
		displayName: 'Poll Interval',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: POLL_INTERVAL_RANGE.min, maxValue: POLL_INTERVAL_RANGE.max, numberPrecision: 1 },
		default: 2,
		description: "How often to check the session's login status while waiting, in seconds",
		displayOptions: show({ waitForLogin: [true] }),
	},
];

/** Wait for Login and its settings, shown for `operations`. */
export const waitForLoginDescription = (operations: string[]) => showOnlyFor(operations, properties);
