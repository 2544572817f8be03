// Runs before each test file: n8n-core reads these when its services are first created.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-nextauth-test-'));
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-nodes-nextauth-test-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger writes to a file instead of the test output (an error a node throws is logged by
// the engine too): test-output/n8n-engine.log, kept for reading after a failure.
process.env.N8N_LOG_OUTPUT ??= 'file';
process.env.N8N_LOG_FILE_LOCATION ??= path.resolve(__dirname, '../../test-output/n8n-engine.log');
process.env.N8N_LOG_FILE_COUNT_MAX ??= '2';

// Requests go to loopback servers of the tests; a proxy from the environment must not intercept
// them (the proxy tests set their own).
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
	delete process.env[name];
}

// undici's decompress interceptor (the package decodes compressed answers with it) warns once per
// process that it is experimental, outside any test's output: the one warning kept out of it.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
	if (String(warning).startsWith('DecompressInterceptor is experimental')) return;
	emitWarning(warning, ...rest);
}) as typeof process.emitWarning;
