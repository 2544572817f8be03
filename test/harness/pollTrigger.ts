/**
 * The NextAuth Trigger activated in n8n's real engine: n8n-core's PollTriggerExecutor runs each
 * poll through a PollContext on a Workflow whose static data is n8n's own (an ObservableObject),
 * the way an active workflow's polls run in n8n. What n8n would save of the static data (after the
 * activation poll and whenever a poll emits) is kept as `saved`; `restart()` starts from it, as
 * n8n does after a restart.
 */
import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor, TriggersAndPollers } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import type { N8nEngine } from './n8nEngine';
import { useSuite } from './suite';

export interface PollOutcome {
	/** The items the poll emitted (one execution), or none. */
	items?: INodeExecutionData[];
	/** The error n8n recorded for the poll (it saves it as a failed execution). */
	error?: Error & { httpCode?: string | null; description?: string | null };
}

export class ActiveTrigger {
	/** The node's static data as n8n last saved it (JSON), what a restart starts from. */
	saved: IDataObject = {};
	/** Every execution the polls started (their items), in the order they were emitted. */
	readonly executions: INodeExecutionData[][] = [];
	private workflow!: Workflow;
	private poller!: (testingTrigger?: boolean) => Promise<void>;
	private outcome: PollOutcome = {};
	readonly node: INode;

	constructor(
		private readonly engine: N8nEngine,
		parameters: INodeParameters,
		private readonly credentials: () => ICredentialDataDecryptedObject,
		/** Another workflow's trigger (the same node, copied): its own id. */
		private readonly workflowId = 'nextauth-trigger-workflow',
	) {
		this.node = engine.node(
			{ pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
			false,
			'nextAuthTrigger',
		);
	}

	/** The node's static data as the poll context sees it now. */
	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	/**
	 * Activates (`activate` by a user, `init` at n8n's start): builds the poll context and runs the
	 * first poll, whose error fails the activation (thrown); gives what that poll emitted.
	 */
	async activate(activation: WorkflowActivateMode = 'activate', staticData: IDataObject = {}): Promise<PollOutcome> {
		this.workflow = new Workflow({
			id: this.workflowId,
			name: 'NextAuth trigger test',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.engine.nodeTypes,
			staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
		});
		const context = new PollContext(
			this.workflow,
			this.node,
			this.engine.additionalData(),
			'trigger',
			activation,
			(data) => {
				this.outcome.items = data[0];
				this.executions.push(data[0]);
				this.save();
			},
			(error) => {
				this.outcome.error = error as PollOutcome['error'];
			},
		);
		this.poller = Container.get(PollTriggerExecutor).create(this.workflow, this.node, context, () => true);
		this.engine.credentialsHelper.data = this.credentials();
		const outcome: PollOutcome = {};
		this.outcome = outcome;
		await this.workflow.expression.acquireIsolate();
		try {
			await this.poller(true);
		} finally {
			await this.workflow.expression.releaseIsolate();
		}
		this.save();
		return outcome;
	}

	/** One scheduled poll: what it emitted, or the error n8n recorded. */
	async poll(): Promise<PollOutcome> {
		this.engine.credentialsHelper.data = this.credentials();
		const outcome: PollOutcome = {};
		this.outcome = outcome;
		await this.poller();
		return outcome;
	}

	/** n8n stops and starts again: a new poll context from the saved static data, activation `init`. */
	async restart(): Promise<PollOutcome> {
		return await this.activate('init', this.saved);
	}

	private save(): void {
		this.saved = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}
}

/** The editor's Fetch Test Event: poll() in manual mode, run by n8n-core's TriggersAndPollers. */
export async function fetchTestEvent(
	engine: N8nEngine,
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
): Promise<INodeExecutionData[][] | null> {
	engine.credentialsHelper.data = credentials;
	const node = engine.node(parameters, false, 'nextAuthTrigger');
	const workflow = engine.workflow(node);
	const context = new PollContext(workflow, node, engine.additionalData(), 'manual', 'manual');
	await workflow.expression.acquireIsolate();
	try {
		return await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
	} finally {
		await workflow.expression.releaseIsolate();
	}
}

/**
 * The suite of a trigger test file: the simulator and engine of useSuite, the simulator's world,
 * clock and faults put back after each test, and `activate` for a trigger of `event`.
 */
export function useTriggerSuite(event: string) {
	const suite = useSuite('nextAuthTrigger');
	afterEach(() => {
		suite.simulator.resetWorld();
		suite.simulator.holdClock(undefined);
		suite.simulator.faults = [];
		suite.simulator.latencyMs = 0;
	});
	const watch = (parameters: INodeParameters = {}, credentials = () => suite.credentials()) =>
		new ActiveTrigger(suite.engine, { event, ...parameters }, credentials);
	const activate = async (parameters: INodeParameters = {}) => {
		const trigger = watch(parameters);
		await trigger.activate();
		return trigger;
	};
	return { suite, watch, activate };
}
