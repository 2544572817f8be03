// The workflows the end-to-end suites and the benchmarks import and run by hand (n8n's
// `execute --id`): n8n's Manual Trigger, named Start, then their nodes.
'use strict';

/**
 * A workflow that runs from a Manual Trigger named Start: `nodes` after it, wired by `connections`
 * (node name → n8n's connection object; Start's own included).
 * @param {{ id: string, name?: string, nodes: Array<Record<string, any>>, connections: Record<string, any> }} workflow
 */
function manualWorkflow({ id, name = id, nodes, connections }) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...nodes,
		],
		connections,
	};
}

/**
 * The connections that run the nodes named one after another.
 * @param {string[]} names
 * @returns {Record<string, { main: Array<Array<{ node: string, type: 'main', index: number }>> }>}
 */
function chain(names) {
	return Object.fromEntries(
		names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]),
	);
}

module.exports = { manualWorkflow, chain };
