// npm run dev — n8n's editor on http://localhost:5678 with this package loaded, the nextAuth
// simulator running, a ready "NextAuth (simulator)" credential and the example workflows
// imported. Ctrl-C stops everything it started. The n8n user folder is kept in .cache/dev-n8n,
// so the owner account and your changes survive a restart.
'use strict';

const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

const { N8nInstance, packPackage, PACKAGE_DIR } = require('../test/e2e/n8nInstance');
const { KEYS, NextAuthSimulator, SERVER_ID, LOGGED_IN_NONCE } = require('../test/simulator');

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.NEXTAUTH_SIMULATOR_PORT ?? 8787);
const USER_FOLDER = process.env.NEXTAUTH_DEV_USER_FOLDER ?? path.join(PACKAGE_DIR, '.cache', 'dev-n8n');
const OWNER = { email: 'owner@example.com', password: 'NextAuth-dev-1' };

/** The example workflows. */
function examples() {
	const folder = path.join(PACKAGE_DIR, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
}

/** How the simulator plays the users' app in dev: nobody holds a phone to scan or confirm. */
const APP = { scanAfterMs: 5000, confirmAfterPolls: 2 };

/**
 * Starts the simulator and n8n (credential + examples imported, owner account set up).
 * The simulator plays the nextAuth app (`app`, see NextAuthSimulator.playApp; `false`: tests
 * scan and confirm themselves). `workflows` are imported along with the examples. Resolves to
 * what it started; `stop()` ends both.
 * @param {{ n8nPort?: number, simulatorPort?: number, userFolder?: string, quiet?: boolean, app?: { scanAfterMs?: number, confirmAfterPolls?: number } | false, workflows?: Array<Record<string, any>> }} [options]
 */
async function startDev({
	n8nPort = N8N_PORT,
	simulatorPort = SIMULATOR_PORT,
	userFolder = USER_FOLDER,
	quiet = false,
	app = APP,
	workflows: extraWorkflows = [],
} = {}) {
	const simulator = new NextAuthSimulator();
	simulator.playApp(app);
	const baseUrl = await simulator.start({ port: simulatorPort });
	// Binary data on disk on every n8n version (n8n 2.x's default; n8n 1.x keeps it in memory
	// otherwise), so the suites that use this set-up cover filesystem mode on both lines.
	const n8n = await N8nInstance.create(packPackage(), {
		userFolder,
		port: n8nPort,
		env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});
	await n8n.importCredentials([
		{
			id: 'nextauth-simulator',
			name: 'NextAuth (simulator)',
			type: 'nextAuthApi',
			data: { apiKey: KEYS.all, serverId: SERVER_ID, baseUrl },
		},
	]);
	const workflows = examples();
	await n8n.importWorkflows([...workflows, ...extraWorkflows]);
	await n8n.start({ quiet });
	const cookie = await n8n.ownerSession(OWNER);
	return {
		n8n,
		simulator,
		workflows,
		cookie,
		stop: async () => {
			await n8n.stop();
			await simulator.stop();
		},
	};
}

async function main() {
	console.log('Starting the nextAuth simulator and n8n (the first run installs n8n: several minutes)…');
	const dev = await startDev();
	console.log(`
n8n editor:        ${dev.n8n.url}
  log in as        ${OWNER.email} / ${OWNER.password}
nextAuth simulator: ${dev.simulator.baseUrl} (credential "NextAuth (simulator)")
  logged-in nonce: ${LOGGED_IN_NONCE}; users alice, bob, carol.smith, dave/ops
  plays the app:   scans an enrolment QR code ${APP.scanAfterMs / 1000} s after it is served, confirms a pushed login
example workflows: ${dev.workflows.map((workflow) => workflow.name).join('; ')}
onboarding example: Execute workflow in the editor, then
  curl -X POST ${dev.n8n.url}/webhook-test/nextauth-onboarding -H 'content-type: application/json' \\
    -d '{"name":"Erin Example","userId":"erin","email":"erin@example.com","group":"ops"}'

Ctrl-C stops n8n and the simulator.`);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		await dev.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

module.exports = { startDev, OWNER };

if (require.main === module) {
	main().catch((error) => {
		console.error(`npm run dev failed: ${error.message}`);
		process.exit(1);
	});
}
