// n8n's own lint rules for community packages: eslint-plugin-n8n-nodes-base (community, nodes and
// credentials rule sets) and @n8n/eslint-plugin-community-nodes (recommended).
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import jsoncParser from 'jsonc-eslint-parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const nodesBase = (name) => ({ plugins: { 'n8n-nodes-base': n8nNodesBase }, rules: n8nNodesBase.configs[name].rules });

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', 'examples/**', 'coverage/**', '.cache/**', '*.js', '*.mjs'] },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } } },
	{ files: ['package.json'], languageOptions: { parser: jsoncParser }, ...nodesBase('community') },
	{ files: ['credentials/**/*.ts'], ...nodesBase('credentials') },
	{ files: ['nodes/**/*.ts'], ...nodesBase('nodes') },
	{ ...communityNodes.configs.recommended, files: ['**/*.ts', 'package.json'] },
];
