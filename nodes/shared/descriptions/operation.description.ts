/**
 * The Operation picker and the canvas subtitle, both made from the operation modules' `option`,
 * so that adding an operation never means editing a hand-kept list here.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Operation picker; in a node with resources, one per resource, shown for that resource. */
export function operationDescription(
	options: INodePropertyOptions[],
	defaultOperation: string,
	resource?: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		...(resource && { displayOptions: { show: { resource: [resource] } } }),
		options,
		default: defaultOperation,
	};
}

/** The operation's name under the node on the canvas, not its internal value. */
export function operationSubtitle(options: INodePropertyOptions[]): string {
	const names = Object.fromEntries(options.map((option) => [option.value, option.name]));
	return `={{ ${JSON.stringify(names)}[$parameter["operation"]] }}`;
}

/** The same for a node with resources: the operation's action, e.g. "Block an account". */
export function resourceOperationSubtitle(optionsByResource: Record<string, INodePropertyOptions[]>): string {
	const actions = Object.fromEntries(
		Object.entries(optionsByResource).flatMap(([resource, options]) =>
			options.map((option) => [`${resource}.${String(option.value)}`, option.action ?? option.name]),
		),
	);
	return `={{ ${JSON.stringify(actions)}[$parameter["resource"] + "." + $parameter["operation"]] }}`;
}
