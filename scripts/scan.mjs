// npm run scan — n8n's community-package scan (@n8n/scan-community-package 0.32.0) on the
// unpacked `npm pack` tarball and on the sources. It must find nothing but the one documented
// exception: undici as a runtime dependency (rules no-runtime-dependencies and
// no-restricted-imports for 'undici'; see CONTRIBUTING.md, "Why undici").
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { ESLint } from 'eslint';
import glob from 'fast-glob';

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The documented exception, and nothing wider: undici, as the only dependency and as import. */
function isDocumentedException({ ruleId, message }, dir) {
	if (ruleId === '@n8n/community-nodes/no-runtime-dependencies') {
		const { dependencies = {} } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
		return Object.keys(dependencies).join() === 'undici';
	}
	return ruleId === '@n8n/community-nodes/no-restricted-imports' && /'undici'/.test(message);
}

/** The same ESLint set-up as analyzePackage, with each finding kept apart. */
async function findings(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	return results.flatMap((result) =>
		result.messages.map((message) => ({ file: path.relative(dir, result.filePath), ...message })),
	);
}

/** Errors outside the exception fail the scan (as they fail n8n's gate); warnings are listed. */
async function scan(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const all = await findings(dir, patterns);
	const failing = all.filter((finding) => finding.severity === 2 && !isDocumentedException(finding, dir));
	console.log(
		`\n${label}: analyzePackage ${verdict.passed ? 'passed' : 'reported errors'}; ${all.length} finding(s), ${failing.length} error(s) outside the documented exception`,
	);
	for (const finding of all) {
		const mark = isDocumentedException(finding, dir) ? 'exception' : finding.severity === 2 ? 'ERROR    ' : 'warning  ';
		console.log(`  ${mark} ${finding.file}:${finding.line}  ${finding.ruleId}  ${finding.message}`);
	}
	return failing.length;
}

const packDir = mkdtempSync(path.join(tmpdir(), 'nextauth-scan-'));
const [{ filename }] = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: PACKAGE_DIR, encoding: 'utf8' }),
);
const unpacked = path.join(packDir, 'unpacked');
mkdirSync(unpacked);
execFileSync('tar', ['-xzf', path.join(packDir, filename), '-C', unpacked, '--strip-components=1']);

const unexpected =
	(await scan(`tarball ${filename}`, unpacked, ['**/*.js', '**/*.ts', '**/*.json'])) +
	(await scan('sources', PACKAGE_DIR, SOURCE_FILE_PATTERNS));
if (unexpected > 0) {
	console.error(`\n${unexpected} finding(s) besides the documented undici exception`);
	process.exit(1);
}
console.log('\nScan clean apart from the documented undici exception.');
