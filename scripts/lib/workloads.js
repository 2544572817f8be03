// Shared by the soak and benchmark scripts: a real n8n with the package installed, and
// workflows that feed N items into one node under test.
'use strict';

const { N8nInstance, packPackage } = require('../../test/e2e/n8nInstance');
const { manualWorkflow } = require('../../test/e2e/workflow');
const { KEYS, SERVER_ID } = require('../../test/simulator');

const CREDENTIAL = { id: 'nextauth-workload', name: 'NextAuth (workload)' };
/** The same for a simulator on HTTPS with a self-signed certificate (Ignore SSL Issues on). */
const HTTPS_CREDENTIAL = { id: 'nextauth-workload-https', name: 'NextAuth (workload, HTTPS)' };
const NODE_NAME = 'Under Test';

/**
 * n8n's settings for a run without its task runner. Each `n8n execute` starts n8n's JavaScript
 * task runner (a second Node process, used only by Code nodes) and the runner's start-up, about a
 * second of CPU, falls in the first seconds of the run: on 2 cores it competes with the node being
 * measured. In external mode n8n starts no runner; no workload here has a Code node.
 */
const WITHOUT_TASK_RUNNER = { N8N_RUNNERS_MODE: 'external', N8N_RUNNERS_AUTH_TOKEN: 'workloads-without-runner' };

/**
 * n8n with the package and a credential for `simulator` (and one for `httpsSimulator`, when given);
 * `taskRunner: false` runs it without n8n's task runner (see WITHOUT_TASK_RUNNER). The package is
 * this checkout's build, packed, unless `tarball` names another.
 */
async function n8nFor(simulator, httpsSimulator, { taskRunner = true, tarball = packPackage() } = {}) {
	const env = { N8N_LOG_LEVEL: 'info', ...(!taskRunner && WITHOUT_TASK_RUNNER) };
	const n8n = await N8nInstance.create(tarball, { env });
	const data = { apiKey: KEYS.all, serverId: SERVER_ID };
	await n8n.importCredentials([
		{ ...CREDENTIAL, type: 'nextAuthApi', data: { ...data, baseUrl: simulator.baseUrl } },
		...(httpsSimulator
			? [
					{
						...HTTPS_CREDENTIAL,
						type: 'nextAuthApi',
						data: { ...data, baseUrl: httpsSimulator.baseUrl, ignoreSSLIssues: true },
					},
				]
			: []),
	]);
	return n8n;
}

/** The node under test, always named NODE_NAME and fed by the Split node. */
function underTest(type, typeVersion, parameters, extra = {}) {
	return { id: 'under-test', name: NODE_NAME, type, typeVersion, position: [600, 0], parameters, ...extra };
}

/**
 * NextAuth Sessions (or, with `node: 'nextAuth'`, the accounts and users node) with these
 * parameters, using the HTTPS simulator's credential when `https` is set.
 */
function nextAuthNode(parameters, { continueOnFail = false, node = 'nextAuthSessions', https = false } = {}) {
	return underTest(`n8n-nodes-nextauth.${node}`, 1, parameters, {
		credentials: { nextAuthApi: https ? HTTPS_CREDENTIAL : CREDENTIAL },
		...(continueOnFail && { onError: 'continueRegularOutput' }),
	});
}

/** n8n's own HTTP Request node doing get session, headers set by hand. */
function httpRequestNode(simulator) {
	return httpRequestTo(simulator, '/sessions/', { nonce: '={{ $json.nonce }}' });
}

/** n8n's HTTP Request node blocking account 1000 + the item's index (Block's call, by hand). */
function httpRequestBlockNode(simulator) {
	return httpRequestTo(simulator, '/accounts/{{ 1000 + $itemIndex }}/?blocked=true', { method: 'PUT' });
}

/** n8n's HTTP Request node fetching the login QR PNG as a file (no user context: no GET body). */
function httpRequestQrNode(simulator, nonce, size) {
	return httpRequestTo(simulator, `/sessions/qr/login?img=png&s=${size}`, {
		nonce,
		options: { response: { response: { responseFormat: 'file' } } },
	});
}

/**
 * n8n's HTTP Request node calling `path` below the simulator's server, with the API key (and the
 * nonce, when given) as headers; a path holding `{{ … }}` makes the URL an expression.
 */
function httpRequestTo(simulator, path, { nonce, method = 'GET', options = {} } = {}) {
	const url = `${simulator.baseUrl}/servers/${encodeURIComponent(SERVER_ID)}${path}`;
	return underTest('n8n-nodes-base.httpRequest', 4.2, {
		method,
		url: path.includes('{{') ? `=${url}` : url,
		sendHeaders: true,
		headerParameters: {
			parameters: [
				{ name: 'X-apikey', value: KEYS.all },
				...(nonce === undefined ? [] : [{ name: 'X-nonce', value: nonce }]),
			],
		},
		// its own option for a self-signed certificate, as Ignore SSL Issues is the node's
		options: simulator.protocol === 'https' ? { ...options, allowUnauthorizedCerts: true } : options,
	});
}

/** n8n's No Operation node: what n8n itself costs for the items, with no work done on them. */
function noOpNode() {
	return underTest('n8n-nodes-base.noOp', 1, {});
}

/** Manual trigger → `count` items `{ nonce: prefix-i }` → `node`. */
function itemsWorkflow(id, count, prefix, node) {
	const rows = `={{ JSON.stringify({ rows: Array.from({ length: ${count} }, (_, i) => ({ nonce: '${prefix}-' + i })) }) }}`;
	return manualWorkflow({
		id,
		nodes: [
			{
				id: 'rows',
				name: 'Rows',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: rows, options: {} },
			},
			{
				id: 'split',
				name: 'Split',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'rows', options: {} },
			},
			node,
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
	});
}

/** Imports and runs a workflow; returns the node's output items, its own run time and n8n's peak RSS. */
async function runWorkload(n8n, workflow) {
	await n8n.importWorkflow(workflow);
	const result = await n8n.execute(workflow.id);
	const run = result.runData[NODE_NAME]?.[0];
	if (!run) throw new Error(`the node did not run: ${JSON.stringify(result.error ?? {}).slice(0, 500)}`);
	return {
		items: run.data?.main[0] ?? [],
		error: run.error,
		nodeMs: run.executionTime ?? 0,
		peakRssMb: result.peakRssMb,
		/** n8n's peak RSS up to `time` (ms since epoch): the first sample taken at or after it. */
		peakRssMbBy: (time) => result.peakRssOverTime.find((sample) => sample.at >= time)?.peakRssMb ?? result.peakRssMb,
		binaryBytes: (binary) => n8n.binaryBytes(binary),
	};
}

module.exports = {
	n8nFor,
	nextAuthNode,
	httpRequestNode,
	httpRequestBlockNode,
	httpRequestQrNode,
	noOpNode,
	itemsWorkflow,
	runWorkload,
	NODE_NAME,
};
