/** One poll at a time per trigger (polls.ts), in n8n's engine: the guard keys on the workflow and the node. */
import type { INodeParameters } from 'n8n-workflow';

import { ActiveTrigger, useTriggerSuite } from '../../../harness/pollTrigger';

describe('NextAuth Trigger: one poll at a time', () => {
	const { suite } = useTriggerSuite('newAccount');

	it('holds back a poll of the same trigger only: a copy of the node in another workflow polls at the same time', async () => {
		const parameters: INodeParameters = { event: 'newAccount' };
		const first = new ActiveTrigger(suite.engine, parameters, () => suite.credentials());
		const copy = new ActiveTrigger(suite.engine, parameters, () => suite.credentials(), 'another-workflow');
		await first.activate();
		await copy.activate();
		const added = suite.simulator.addAccount();
		suite.simulator.latencyMs = 300;
		const [fromFirst, fromCopy] = await Promise.all([first.poll(), copy.poll()]);
		expect(fromFirst.items?.map((item) => item.json.id)).toEqual([added.id]);
		expect(fromCopy.items?.map((item) => item.json.id)).toEqual([added.id]);
	});
});
