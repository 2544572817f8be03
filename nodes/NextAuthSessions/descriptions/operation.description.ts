/**
 * The Operation picker and the canvas subtitle, both made from the operation modules' `option`,
 * so that adding an operation never means editing a hand-kept list here.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export function operationDescription(options: INodePropertyOptions[], defaultOperation: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options,
		default: defaultOperation,
	};
}

/** The operation's name under the node on the canvas, not its internal value. */
export function operationSubtitle(options: INodePropertyOptions[]): string {
	const names = Object.fromEntries(options.map((option) => [option.value, option.name]));
	return `={{ ${JSON.stringify(names)}[$parameter["operation"]] }}`;
}
