// npm run demo — runs the demo workflow (examples/demo-login-status-and-qr.json) in a real n8n:
// against the embedded simulator by default, or against the real nextAuth API when
// NEXTAUTH_API_KEY and NEXTAUTH_SERVER_ID are set (NEXTAUTH_ROLE_ID, NEXTAUTH_BASE_URL and
// NEXTAUTH_NONCE optional). Prints the login status and writes the QR PNG and the run's JSON
// under demo-output/.
'use strict';

const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const { N8nInstance, packPackage, PACKAGE_DIR } = require('../test/e2e/n8nInstance');
const { KEYS, NextAuthSimulator, SERVER_ID } = require('../test/simulator');

const OUTPUT_DIR = path.join(PACKAGE_DIR, 'demo-output');
const WORKFLOW = path.join(PACKAGE_DIR, 'examples', 'demo-login-status-and-qr.json');

async function main() {
	const { NEXTAUTH_API_KEY, NEXTAUTH_SERVER_ID, NEXTAUTH_ROLE_ID, NEXTAUTH_BASE_URL, NEXTAUTH_NONCE } = process.env;
	const useRealApi = Boolean(NEXTAUTH_API_KEY && NEXTAUTH_SERVER_ID);
	let simulator;
	let credentialData;
	if (useRealApi) {
		credentialData = {
			apiKey: NEXTAUTH_API_KEY,
			serverId: NEXTAUTH_SERVER_ID,
			roleId: NEXTAUTH_ROLE_ID ?? '',
			baseUrl: NEXTAUTH_BASE_URL ?? 'https://api.nextauth.com',
		};
		console.log(`Demo against the nextAuth API at ${credentialData.baseUrl}`);
	} else {
		simulator = new NextAuthSimulator();
		const baseUrl = await simulator.start();
		credentialData = { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl };
		console.log(`Demo against the embedded nextAuth simulator at ${baseUrl}`);
		console.log('(set NEXTAUTH_API_KEY and NEXTAUTH_SERVER_ID to use the real API)');
	}

	let n8n;
	try {
		n8n = await N8nInstance.create(packPackage());
		const workflow = JSON.parse(readFileSync(WORKFLOW, 'utf8'));
		if (NEXTAUTH_NONCE) {
			const session = workflow.nodes.find((node) => node.name === 'Browser Session');
			session.parameters.jsonOutput = JSON.stringify({ nonce: NEXTAUTH_NONCE });
		}
		const [{ id, name }] = Object.values(workflow.nodes.find((node) => node.credentials).credentials);
		await n8n.importCredentials([{ id, name, type: 'nextAuthApi', data: credentialData }]);
		await n8n.importWorkflow(workflow);
		console.log(`Running "${workflow.name}" with n8n execute…`);
		const result = await n8n.execute(workflow.id);

		mkdirSync(OUTPUT_DIR, { recursive: true });
		writeFileSync(path.join(OUTPUT_DIR, 'run.json'), JSON.stringify(result.runData, null, 2));
		if (result.error) throw new Error(`the workflow failed: ${result.error.message}`);

		const [status] = result.runData['Get Session'][0].data.main[0];
		console.log(`Login status (Get Session): ${JSON.stringify(status.json)}`);

		const [qr] = result.runData['Get Login QR Code'][0].data.main[0];
		const png = n8n.binaryBytes(qr.binary.data);
		const pngPath = path.join(OUTPUT_DIR, qr.binary.data.fileName);
		writeFileSync(pngPath, png);
		console.log(`Login QR code: ${path.relative(process.cwd(), pngPath)} (${png.length} bytes, ${qr.json.size} px)`);
		console.log(`Run data: ${path.relative(process.cwd(), path.join(OUTPUT_DIR, 'run.json'))}`);
	} finally {
		await n8n?.remove();
		await simulator?.stop();
	}
}

main().catch((error) => {
	console.error(`Demo failed: ${error.message}`);
	process.exit(1);
});
