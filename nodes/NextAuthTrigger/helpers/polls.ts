/**
 * n8n fires polls on schedule without waiting for the one before. Two polls of one trigger that
 * overlap would read the same state and emit the same events, so a poll that finds another
 * running gives nothing (the running one emits; the next one starts from its state). Polls run in
 * n8n's main process (in queue mode too), so a set in this process is enough.
 */
import type { IPollFunctions } from 'n8n-workflow';

const running = new Set<string>();

/** The poll contexts that have polled: n8n makes one per activation and reuses it for each poll. */
const polled = new WeakSet<object>();

/** Runs `poll` unless a poll of the same trigger is running; then gives null at once. */
export async function onePollAtATime<T>(context: IPollFunctions, poll: () => Promise<T>): Promise<T | null> {
	// Stryker disable next-line StringLiteral: any constant stands in for a workflow without an id
	const key = `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}

/**
 * Whether this is the first poll since the workflow was activated by a user: it starts a new
 * watch, whatever an earlier activation left in the static data. A restart of n8n (`init`) or a
 * saved change of an active workflow (`update`) keeps the watch going.
 */
export function startsNewActivation(context: IPollFunctions): boolean {
	const first = !polled.has(context);
	polled.add(context);
	return first && context.getActivationMode() === 'activate';
}
