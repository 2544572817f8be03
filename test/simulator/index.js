// The nextAuth simulator: `require('./test/simulator')` for the API, `node test/simulator --port N` to run it.
'use strict';

const fixture = require('./fixture');
const { NextAuthSimulator } = require('./server');
const { selfSignedCertificate } = require('./tls');

module.exports = { NextAuthSimulator, selfSignedCertificate, ...fixture };

if (require.main === module) require('./cli').main(process.argv.slice(2));
