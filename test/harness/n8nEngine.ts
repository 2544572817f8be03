/**
 * Runs the package's real node and credential types inside n8n's real engine (n8n-core's
 * WorkflowExecute), loaded from the built package the way n8n loads a community package
 * (PackageDirectoryLoader on the package.json's `n8n` block). Small and ours; modelled on the
 * test harness in n8n's own repository.
 *
 * NEXTAUTH_TEST_SOURCES=1 loads the same classes from the sources instead (the .ts files under
 * nodes/ and credentials/, compiled by ts-jest), still through PackageDirectoryLoader: mutation
 * testing (npm run mutate) switches its mutants inside the sources, which dist/ never sees.
 */
import path from 'node:path';

import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	PackageDirectoryLoader,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE_DIR = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-nextauth';
export const CREDENTIAL_TYPE = 'nextAuthApi';
/** The engine loads the sources (ts-jest) rather than dist/: NEXTAUTH_TEST_SOURCES=1. */
export const FROM_SOURCES = process.env.NEXTAUTH_TEST_SOURCES === '1';

/**
 * n8n's loader with package.json's `dist/….js` paths read as the sources they are built from
 * (`dist/nodes/X.node.js` → `nodes/X.node.ts`, its codex `dist/nodes/X.node.json` →
 * `nodes/X.node.json`). In tests (NODE_ENV=test) n8n-core loads a class with a plain
 * `require`, which under Jest is Jest's: the .ts file goes through ts-jest like any test import.
 */
class SourceDirectoryLoader extends PackageDirectoryLoader {
	protected override resolvePath(file: string): string {
		const built = /^dist\/(.+?)(\.js)?$/.exec(file);
		if (!built) return super.resolvePath(file);
		return super.resolvePath(built[2] ? `${built[1]}.ts` : built[1]);
	}
}

/**
 * One of the package's modules, the instance the engine loaded (from dist/, or from the sources
 * under NEXTAUTH_TEST_SOURCES=1): `packageModule('nodes/shared/transport/egress')`.
 */
export function packageModule<T>(modulePath: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(PACKAGE_DIR, FROM_SOURCES ? '' : 'dist', modulePath)) as T;
}

/** The package's nodes, by type name, with the name each gets in a test workflow. */
export const NODES = {
	nextAuthSessions: 'NextAuth Sessions',
	nextAuth: 'NextAuth',
	nextAuthTrigger: 'NextAuth Trigger',
} as const;
export type NodeName = keyof typeof NODES;
const CREDENTIAL_ID = 'nextauth-credential-1';

/** Credential data for one run; the engine fills in the credential type's defaults like n8n does. */
class TestCredentialsHelper extends ICredentialsHelper {
	data: ICredentialDataDecryptedObject = {};

	constructor(private readonly loader: PackageDirectoryLoader) {
		super();
	}

	private credentialType(type: string) {
		const loaded = this.loader.credentialTypes[type];
		if (!loaded) throw new Error(`unknown credential type ${type}`);
		return loaded.type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	) {
		const { authenticate } = this.credentialType(typeName);
		return typeof authenticate === 'function' ? await authenticate(credentials, requestOptions) : requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by this package');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const { properties } = this.credentialType(type);
		const withDefaults = NodeHelpers.getNodeParameters(
			properties,
			this.data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return this.credentialType(type).properties;
	}
}

class LoadedNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const name = nodeType.replace(`${PACKAGE_NAME}.`, '');
		const loaded = this.loader.nodeTypes[name];
		if (!loaded) throw new Error(`unknown node type ${nodeType}`);
		return loaded.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export interface RunOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** Input items of the node; one empty item by default. */
	items?: INodeExecutionData[];
	/** n8n's "On Error: Continue" setting. */
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	/** Cancels the execution (as the editor's stop button does) after this many milliseconds. */
	cancelAfterMs?: number;
	/** Cancels the execution the same way when this signal aborts (e.g. a test's own watchdog). */
	stopSignal?: AbortSignal;
	/** Which of the package's nodes runs; NextAuth Sessions by default. */
	node?: NodeName;
}

export interface RunResult {
	run: IRun;
	/** The node's output items (first output); empty when the node failed. */
	items: INodeExecutionData[];
	/** The node's error, as n8n recorded it in the execution data. */
	error?: Error & { httpCode?: string | null; description?: string | null; context?: IDataObject };
}

export class N8nEngine {
	private executions = 0;

	private constructor(
		readonly loader: PackageDirectoryLoader,
		readonly nodeTypes: LoadedNodeTypes,
		readonly credentialsHelper: TestCredentialsHelper,
	) {}

	static async load(): Promise<N8nEngine> {
		const loader = new (FROM_SOURCES ? SourceDirectoryLoader : PackageDirectoryLoader)(PACKAGE_DIR);
		await loader.loadAll();
		await Container.get(BinaryDataService).init();
		return new N8nEngine(loader, new LoadedNodeTypes(loader), new TestCredentialsHelper(loader));
	}

	nodeType(name: NodeName = 'nextAuthSessions'): INodeType {
		return this.nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${name}`, 1);
	}

	node(parameters: INodeParameters, continueOnFail = false, name: NodeName = 'nextAuthSessions'): INode {
		return {
			id: 'nextauth-node-1',
			name: NODES[name],
			type: `${PACKAGE_NAME}.${name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'NextAuth account' } },
			...(continueOnFail && { onError: 'continueRegularOutput' as const }),
		};
	}

	workflow(node: INode): Workflow {
		return new Workflow({
			id: 'nextauth-test-workflow',
			name: 'NextAuth test',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
	}

	additionalData(executionId?: string): IWorkflowExecuteAdditionalData {
		const hooks = new ExecutionLifecycleHooks('manual', executionId ?? 'none', {
			id: 'nextauth-test-workflow',
			name: 'NextAuth test',
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: [],
			connections: {},
		});
		const unsupported = async () => {
			throw new Error('not available in these tests');
		};
		return {
			hooks,
			credentialsHelper: this.credentialsHelper,
			executionId,
			executeWorkflow: unsupported,
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			startRunnerTask: unsupported,
			logAiEvent: () => {},
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			formBaseUrl: 'http://localhost:5678/form',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			formTestBaseUrl: 'http://localhost:5678/form-test',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			mcpBaseUrl: 'http://localhost:5678/mcp',
			mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
			variables: {},
			externalSecretsProxy: Container.get(ExternalSecretsProxy),
		};
	}

	/** Runs a one-node workflow: the NextAuth node, fed `items`, executed by WorkflowExecute. */
	async run(options: RunOptions): Promise<RunResult> {
		this.credentialsHelper.data = options.credentials;
		const node = this.node(options.parameters, options.continueOnFail, options.node);
		const workflow = this.workflow(node);
		const executionId = `test-execution-${++this.executions}`;
		const additionalData = this.additionalData(executionId);
		const runExecutionData: IRunExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: [options.items ?? [{ json: {} }]] }, source: null }],
			},
		});
		const execute = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
		const running = execute.processRunExecutionData(workflow);
		const canceller =
			options.cancelAfterMs === undefined ? undefined : setTimeout(() => running.cancel(), options.cancelAfterMs);
		const stop = () => running.cancel();
		options.stopSignal?.addEventListener('abort', stop, { once: true });
		if (options.stopSignal?.aborted) stop();
		const run = await running.finally(() => {
			clearTimeout(canceller);
			options.stopSignal?.removeEventListener('abort', stop);
		});
		const taskData = run.data.resultData.runData[node.name]?.[0];
		return {
			run,
			items: taskData?.data?.main?.[0] ?? [],
			error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
		};
	}

	/** Calls a list-search method the way the editor does, through n8n's LoadOptionsContext. */
	async listSearch(
		method: 'searchUsers' | 'searchAccounts',
		credentials: ICredentialDataDecryptedObject,
		parameters: INodeParameters,
		filter?: string,
		paginationToken?: string,
		nodeName: NodeName = 'nextAuthSessions',
	): Promise<INodeListSearchResult> {
		this.credentialsHelper.data = credentials;
		const node = this.node(parameters, false, nodeName);
		// The editor sends the node's current parameters along with a list-search request.
		const additionalData = { ...this.additionalData(), currentNodeParameters: parameters };
		const context = new LoadOptionsContext(this.workflow(node), node, additionalData, '');
		const search = this.nodeType(nodeName).methods?.listSearch?.[method];
		if (!search) throw new Error(`no list search ${method}`);
		return await search.call(context, filter, paginationToken);
	}

	/**
	 * Runs the credential's test request the way n8n's credential dialog does (n8n's
	 * CredentialsTester): a throwaway node whose one parameter routes that request, run by a
	 * RoutingNode in an ExecuteContext, so the request goes through n8n's own HTTP helpers; an
	 * error status becomes the message of the matching rule.
	 */
	async testCredentials(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
		this.credentialsHelper.data = data;
		const test = this.loader.credentialTypes[CREDENTIAL_TYPE].type.test;
		if (!test) throw new Error('the credential has no test request');
		const probe: INodeType = {
			description: {
				displayName: 'Credential test',
				name: 'credentialTest',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: [],
				outputs: [],
				credentials: [{ name: CREDENTIAL_TYPE, required: true }],
				properties: [
					{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' },
				],
			},
		};
		const nodeTypes: INodeTypes = {
			getByName: () => probe,
			getByNameAndVersion: () => probe,
			getKnownTypes: () => ({}),
		};
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'credentialTest',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'NextAuth account' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const context = new ExecuteContext(
			workflow,
			node,
			this.additionalData(),
			'internal',
			createRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const credentials: ICredentialsDecrypted = {
			id: CREDENTIAL_ID,
			name: 'NextAuth account',
			type: CREDENTIAL_TYPE,
			data,
		};
		try {
			await workflow.expression.acquireIsolate();
			await new RoutingNode(context, probe, credentials).runNode();
		} catch (caught) {
			const error = caught as Error & { cause?: { code?: string; response?: { status: number; statusText?: string } } };
			const status = error.cause?.response?.status;
			if (status !== undefined) {
				const rule = test.rules?.find(
					(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
				);
				const message =
					rule?.properties.message ?? (error.cause?.response?.statusText || `Received HTTP status code: ${status}`);
				return { status: 'Error', message };
			}
			return { status: 'Error', message: error.cause?.code ?? error.message };
		} finally {
			await workflow.expression.releaseIsolate();
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	/** The bytes of a binary item, from whichever binary-data mode n8n stored it in. */
	async binaryBuffer(binary: IBinaryData): Promise<Buffer> {
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}
}
