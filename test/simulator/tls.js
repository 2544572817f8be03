// A self-signed certificate for 127.0.0.1, made with openssl at run time: the simulator on HTTPS
// (tests of Ignore SSL Issues, the HTTPS benchmark) without a key kept in the repository.
'use strict';

const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

/** @returns {{ key: Buffer, cert: Buffer }} */
function selfSignedCertificate() {
	const dir = mkdtempSync(path.join(tmpdir(), 'nextauth-tls-'));
	try {
		const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-keyout',
				key,
				'-out',
				cert,
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
			],
			{ stdio: 'ignore' },
		);
		return { key: readFileSync(key), cert: readFileSync(cert) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { selfSignedCertificate };
