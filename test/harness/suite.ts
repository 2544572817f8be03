/**
 * Shared set-up for the test files: one simulator and one loaded engine per file, the records
 * cleared before each test, and short ways to build credentials and read the wire.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { KEYS, NextAuthSimulator, SERVER_ID } from '../simulator';
import { N8nEngine, type NodeName, type RunResult } from './n8nEngine';

type Simulator = InstanceType<typeof NextAuthSimulator>;

/** SERVER_ID as it must appear on the wire: one percent-encoded path segment. */
export const SERVER_PATH = '/servers/sim%2BServer%2F0001%3D';

export interface Suite {
	simulator: Simulator;
	engine: N8nEngine;
	credentials(overrides?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
	run(
		parameters: INodeParameters,
		options?: {
			items?: INodeExecutionData[];
			credentials?: ICredentialDataDecryptedObject;
			continueOnFail?: boolean;
			cancelAfterMs?: number;
		},
	): Promise<RunResult>;
	/** The one request the simulator received; fails the test if there were more or none. */
	onlyRequest(): Simulator['requests'][number];
}

/** One simulator and engine for a test file; `node` is the node `run` runs (NextAuth Sessions by default). */
export function useSuite(node: NodeName = 'nextAuthSessions'): Suite {
	const suite = {} as Suite;
	beforeAll(async () => {
		suite.simulator = new NextAuthSimulator();
		await suite.simulator.start();
		suite.engine = await N8nEngine.load();
	});
	afterAll(async () => await suite.simulator.stop());
	beforeEach(() => suite.simulator.clearRecords());

	suite.credentials = (overrides = {}) => ({
		apiKey: KEYS.all,
		serverId: SERVER_ID,
		baseUrl: suite.simulator.baseUrl,
		...overrides,
	});
	suite.run = async (parameters, options = {}) =>
		await suite.engine.run({
			parameters,
			items: options.items,
			credentials: options.credentials ?? suite.credentials(),
			continueOnFail: options.continueOnFail,
			cancelAfterMs: options.cancelAfterMs,
			node,
		});
	suite.onlyRequest = () => {
		expect(suite.simulator.requests).toHaveLength(1);
		return suite.simulator.requests[0];
	};
	return suite;
}
