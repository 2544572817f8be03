// For the trigger benchmark: the BUILT package's NextAuth Trigger activated in n8n-core's real
// engine, in plain JS — the same steps as test/harness/pollTrigger.ts (PollTriggerExecutor, a
// PollContext, the workflow's static data as n8n keeps it), without jest or ts-jest.
'use strict';

const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

// n8n-core reads these when its services are first created, so before it is loaded.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-bench-'));
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-nextauth-bench-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// The simulator is on loopback; a proxy from the environment must not carry the requests.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'])
	delete process.env[name];

const { Container } = require('@n8n/di');
const {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	PackageDirectoryLoader,
	PollContext,
	PollTriggerExecutor,
} = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

const PACKAGE_DIR = path.resolve(__dirname, '../..');
const PACKAGE_NAME = 'n8n-nodes-nextauth';
const WORKFLOW = { id: 'nextauth-trigger-bench', name: 'NextAuth Trigger benchmark' };

/** The credential's data with the credential type's defaults filled in, as n8n does. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(credentialType, data) {
		super();
		this.credentialType = credentialType;
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, _type, requestOptions) {
		const { authenticate } = this.credentialType;
		return typeof authenticate === 'function' ? await authenticate(credentials, requestOptions) : requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used by this package');
	}
	async getDecrypted() {
		const defaults = NodeHelpers.getNodeParameters(this.credentialType.properties, this.data, true, false, null, null);
		return { ...defaults, ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

/** The package as n8n loads a community package: PackageDirectoryLoader on package.json's `n8n` block (dist/). */
async function loadPackage() {
	const loader = new PackageDirectoryLoader(PACKAGE_DIR);
	await loader.loadAll();
	const nodeTypes = {
		getByName: (type) => loader.nodeTypes[type.replace(`${PACKAGE_NAME}.`, '')].type,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
		getKnownTypes: () => ({}),
	};
	return { loader, nodeTypes };
}

function additionalData(credentialsHelper) {
	const hooks = new ExecutionLifecycleHooks('trigger', 'none', {
		...WORKFLOW,
		active: true,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [],
		connections: {},
	});
	const unsupported = async () => {
		throw new Error('not available in the benchmark');
	};
	return {
		hooks,
		credentialsHelper,
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

/**
 * One active NextAuth Trigger: `activate()` runs the activation poll (whose error is thrown, as
 * n8n fails the activation), `poll()` one scheduled poll; each gives what the poll emitted (the
 * items of one execution) or the error n8n recorded for it.
 */
class ActiveTrigger {
	constructor(engine, parameters, credentials) {
		this.node = {
			id: 'nextauth-trigger-bench-node',
			name: 'NextAuth Trigger',
			type: `${PACKAGE_NAME}.nextAuthTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
			credentials: { nextAuthApi: { id: 'nextauth-bench', name: 'NextAuth (benchmark)' } },
		};
		this.credentialsHelper = new CredentialsHelper(engine.loader.credentialTypes.nextAuthApi.type, credentials);
		this.nodeTypes = engine.nodeTypes;
		this.outcome = {};
	}

	async activate() {
		this.workflow = new Workflow({
			...WORKFLOW,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: {},
		});
		const context = new PollContext(
			this.workflow,
			this.node,
			additionalData(this.credentialsHelper),
			'trigger',
			'activate',
			(data) => {
				this.outcome.items = data[0];
			},
			(error) => {
				this.outcome.error = error;
			},
		);
		this.poller = Container.get(PollTriggerExecutor).create(this.workflow, this.node, context, () => true);
		this.outcome = {};
		// n8n holds the expression isolate around the activation poll; scheduled polls take their own.
		await this.workflow.expression.acquireIsolate();
		try {
			await this.poller(true);
		} finally {
			await this.workflow.expression.releaseIsolate();
		}
		return this.outcome;
	}

	async poll() {
		this.outcome = {};
		await this.poller();
		return this.outcome;
	}

	/** The trigger's state as n8n would save it with the workflow (JSON). */
	savedState() {
		return JSON.stringify(this.workflow.getStaticData('node', this.node));
	}
}

module.exports = { loadPackage, ActiveTrigger };
