/**
 * The Chromium the editor check drives. A system Chromium when there is one (CHROMIUM_PATH, or
 * Debian's /usr/bin/chromium); otherwise the one the devDependency @sparticuz/chromium carries
 * compressed inside its npm package, so `npm test` needs neither an apt package nor Playwright's
 * browser download (which cannot reach its CDN from every machine).
 *
 * @sparticuz/chromium is an ES module, which Jest's CommonJS runtime cannot load, and it unpacks
 * (~210 MB, a few seconds) into os.tmpdir(); so it runs in a child Node process whose TMPDIR is a
 * fresh folder of this run's own, removed again when the browser closes.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { chromium, type Browser } from 'playwright-core';

const SYSTEM_CHROMIUM =
	process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const SYSTEM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

// Runs in the child: unpacks into its TMPDIR, prints the binary's path and the package's flags.
const UNPACK = `
const { default: chromium } = await import(process.argv[1]);
process.stdout.write(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }));
`;

export async function launchBrowser(): Promise<Browser> {
	if (SYSTEM_CHROMIUM !== undefined) {
		if (!existsSync(SYSTEM_CHROMIUM)) throw new Error(`CHROMIUM_PATH=${SYSTEM_CHROMIUM} does not exist`);
		return chromium.launch({ executablePath: SYSTEM_CHROMIUM, args: SYSTEM_ARGS });
	}
	let entry: string;
	try {
		entry = require.resolve('@sparticuz/chromium');
	} catch {
		throw new Error('No system Chromium and no @sparticuz/chromium: run npm ci, or set CHROMIUM_PATH');
	}
	const dir = mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-chromium-'));
	try {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--input-type=module', '-e', UNPACK, pathToFileURL(entry).href],
			{
				env: { ...process.env, TMPDIR: dir },
			},
		);
		const { executablePath, args } = JSON.parse(stdout) as { executablePath: string; args: string[] };
		const browser = await chromium.launch({ executablePath, args, headless: true });
		browser.on('disconnected', () => rmSync(dir, { recursive: true, force: true }));
		return browser;
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}
