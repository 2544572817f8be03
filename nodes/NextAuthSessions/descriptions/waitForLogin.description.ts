/** "Wait for Login" of the three push operations: defined once, shown for each of them. */
import type { INodeProperties } from 'n8n-workflow';

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
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 120,
		description: 'How long to wait for the confirmation, in seconds',
		displayOptions: show({ waitForLogin: [true] }),
	},
	{
		displayName: 'Poll Interval',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0.2, maxValue: 60, numberPrecision: 1 },
		default: 2,
		description: "How often to check the session's login status while waiting, in seconds",
		displayOptions: show({ waitForLogin: [true] }),
	},
];
