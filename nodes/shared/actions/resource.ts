/**
 * A resource of a node with resources (the NextAuth node): its entry in the Resource picker and its
 * operations, each module holding its option, its UI fields and its execution. One map of these
 * per node makes the Resource picker, the Operation pickers, the fields, the canvas subtitle and
 * the router: adding a resource is a folder and a line in that map.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { operationDescription, resourceOperationSubtitle } from '../descriptions/operation.description';
import type { OperationExecute } from './item';

/** An `<operation>.operation.ts` module. */
export interface OperationModule {
	option: INodePropertyOptions;
	description: INodeProperties[];
	execute: OperationExecute;
}

/** A `<Resource>.resource.ts` module's resource. */
export interface ResourceModule {
	/** Its entry in the Resource picker; `value` is the `resource` parameter's value. */
	option: INodePropertyOptions & { value: string };
	defaultOperation: string;
	/** By `operation` value, in the order of the editor's list. */
	operations: Record<string, OperationModule>;
}

const optionsOf = (resource: ResourceModule) => Object.values(resource.operations).map((operation) => operation.option);

/** The Resource picker, then each resource's Operation picker, then every operation's fields. */
export function resourceProperties(
	resources: Record<string, ResourceModule>,
	defaultResource: string,
): INodeProperties[] {
	const list = Object.values(resources);
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: list.map((resource) => resource.option),
			default: defaultResource,
		},
		...list.map((resource) =>
			operationDescription(optionsOf(resource), resource.defaultOperation, resource.option.value),
		),
		...list.flatMap((resource) => Object.values(resource.operations).flatMap((operation) => operation.description)),
	];
}

/** The canvas subtitle: the operation's action, e.g. "Block an account". */
export function resourcesSubtitle(resources: Record<string, ResourceModule>): string {
	return resourceOperationSubtitle(
		Object.fromEntries(Object.values(resources).map((resource) => [resource.option.value, optionsOf(resource)])),
	);
}

/** The operation of `resource` named `operation` (own properties only: not `constructor`, `toString`…); undefined when none. */
export function operationOf(resource: ResourceModule, operation: string): OperationModule | undefined {
	return Object.hasOwn(resource.operations, operation) ? resource.operations[operation] : undefined;
}
