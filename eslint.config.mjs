// n8n's own lint rules for community packages: eslint-plugin-n8n-nodes-base (community, nodes and
// credentials rule sets) and @n8n/eslint-plugin-community-nodes (recommended).
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';

const nodesBase = (name) => ({ plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: n8nNodesBase.configs[name].rules });

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/**',
			'scripts/**',
			'examples/**',
			'coverage/**',
			'.cache/**',
			'*.js',
			'*.mjs',
		],
	},
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } } },
	{ files: ['package.json'], languageOptions: { parser: jsoncParser }, ...nodesBase('community') },
	{
		files: ['credentials/**/*.ts'],
		...nodesBase('credentials'),
		// The rule itself says it applies only to nodes in n8n's main repository (doc slugs, not URLs).
		rules: { ...nodesBase('credentials').rules, 'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off' },
	},
	{
		files: ['nodes/**/*.ts'],
		...nodesBase('nodes'),
		rules: {
			...nodesBase('nodes').rules,
			// Superseded by @n8n/community-nodes/node-connection-type-literal, which asks for
			// NodeConnectionTypes.Main where these two older rules ask for the string 'main'.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{ ...communityNodes.configs.recommended, files: ['**/*.ts', 'package.json'] },
];
