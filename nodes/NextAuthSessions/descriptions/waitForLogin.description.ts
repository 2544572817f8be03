/** "Wait for Login" of the three push operations: defined once, shown for each of them. */
import type { INodeProperties } from 'n8n-workflow';

/** The editor's limits, checked again at run time (expressions bypass the editor). */
export const WAIT_TIMEOUT_RANGE = { min: 1, max: 3600 };
export const POLL_INTERVAL_RANGE = { min: 0.2, max: 60 };

export const PUSH_OPERATIONS = ['provokeLogin', 'provokeLoginOnAccount', 'provokeLoginOnUser'];

const show = (extra: Record<string, unknown[]> = {}) => ({ show: { operation: PUSH_OPERATIONS, ...extra } });

export const waitForLoginDescription: INodeProperties[] = [
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
