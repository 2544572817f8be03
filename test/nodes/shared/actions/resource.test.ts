/**
 * A resource map makes a node's Resource picker, Operation pickers, fields, subtitle and routing.
 * The example resource here is test-only: the recipe in CONTRIBUTING ("Adding a resource")
 * followed once, without touching a node.
 */
import type { INodeProperties } from 'n8n-workflow';

import { resources } from '../../../../nodes/NextAuth/actions/resources';
import {
	operationOf,
	resourceProperties,
	resourcesSubtitle,
	type OperationModule,
	type ResourceModule,
} from '../../../../nodes/shared/actions/resource';
import { showOnlyFor } from '../../../../nodes/shared/descriptions/display';

const field = (name: string): INodeProperties => ({ displayName: name, name, type: 'string', default: '' });

const operation = (resource: string, value: string, action: string): OperationModule => ({
	option: { name: value, value, action },
	description: showOnlyFor([value], [field(`${value}Field`)], resource),
	execute: async () => ({ json: { resource, operation: value } }),
});

/** A test-only resource, as a `<Resource>.resource.ts` module would export it. */
const widget: ResourceModule = {
	option: { name: 'Widget', value: 'widget', description: 'A test-only resource' },
	defaultOperation: 'list',
	operations: { list: operation('widget', 'list', 'List widgets'), spin: operation('widget', 'spin', 'Spin a widget') },
};
const gadget: ResourceModule = {
	option: { name: 'Gadget', value: 'gadget' },
	defaultOperation: 'get',
	operations: { get: operation('gadget', 'get', 'Get a gadget') },
};

describe('resource modules', () => {
	const map = { widget, gadget };

	it('make the Resource picker, one Operation picker per resource, then the fields, in the map order', () => {
		const properties = resourceProperties(map, 'widget');
		expect(properties.map((property) => [property.name, property.displayOptions?.show ?? null])).toEqual([
			['resource', null],
			['operation', { resource: ['widget'] }],
			['operation', { resource: ['gadget'] }],
			['listField', { resource: ['widget'], operation: ['list'] }],
			['spinField', { resource: ['widget'], operation: ['spin'] }],
			['getField', { resource: ['gadget'], operation: ['get'] }],
		]);
		expect(properties[0]).toMatchObject({
			type: 'options',
			noDataExpression: true,
			default: 'widget',
			options: [widget.option, gadget.option],
		});
		expect(properties[1]).toMatchObject({
			default: 'list',
			options: [widget.operations.list.option, widget.operations.spin.option],
		});
	});

	it("make the subtitle from each operation's action", () => {
		expect(resourcesSubtitle(map)).toBe(
			'={{ {"widget.list":"List widgets","widget.spin":"Spin a widget","gadget.get":"Get a gadget"}[$parameter["resource"] + "." + $parameter["operation"]] }}',
		);
	});

	it('find an operation by own property only: inherited names are no operation', () => {
		expect(operationOf(widget, 'spin')).toBe(widget.operations.spin);
		for (const [resource, name] of [
			[widget, 'constructor'],
			[widget, 'toString'],
			[widget, '__proto__'],
			[widget, 'hasOwnProperty'],
			[gadget, 'list'],
		] as const) {
			expect({ name, found: operationOf(resource, name) }).toEqual({ name, found: undefined });
		}
	});

	it("hold the NextAuth node's operations under their own values", () => {
		for (const [value, resource] of Object.entries(resources)) {
			expect(resource.option.value).toBe(value);
			expect(Object.keys(resource.operations)).toContain(resource.defaultOperation);
			for (const [name, module] of Object.entries(resource.operations)) {
				expect({ resource: value, name, option: module.option.value }).toEqual({ resource: value, name, option: name });
			}
		}
	});
});
