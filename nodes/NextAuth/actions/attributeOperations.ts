/**
 * The five attribute operations of the server and of the tenant (Global): the calls a user's
 * attributes have, on another path. Each of those resources' `<operation>.operation.ts` is one of
 * these, made for its resource; only the owner (path, permission, output names) differs.
 */
import type { INodeProperties } from 'n8n-workflow';

import { deleted } from '../../shared/actions/item';
import type { OperationModule } from '../../shared/actions/resource';
import { showOnlyFor } from '../../shared/descriptions/display';
import type { ItemContext } from '../../shared/helpers/interfaces';
import { attributesDescription } from '../descriptions/attributes.description';
import {
	deleteAttributes,
	getAttributes,
	readAttributeKey,
	writeAttributes,
	type AttributeOwner,
} from '../helpers/attributes';

export interface AttributeScope {
	/** The `resource` value. */
	resource: string;
	/** Whose attributes, for the editor's texts, e.g. `the server`. */
	whose: string;
	/** Fields every one of the five shows first (the server's Privileged Attributes). */
	fields: INodeProperties[];
	/** The item's owner, its fields read and checked. */
	owner: (item: ItemContext) => AttributeOwner;
}

const ATTRIBUTE_KEY: INodeProperties = {
	displayName: 'Attribute Key',
	name: 'attributeKey',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. region',
	description: 'The key of the attribute to delete, exactly as stored',
};

/** GET …/attributes/ → { …names, attributes }. */
export function getAttributesOperation(scope: AttributeScope): OperationModule {
	return {
		option: {
			name: 'Get Attributes',
			value: 'getAttributes',
			description: `Get the attributes of ${scope.whose} (free key/value data)`,
			action: `Get the attributes of ${scope.whose}`,
		},
		description: showOnlyFor(['getAttributes'], scope.fields, scope.resource),
		execute: async function (item) {
			const owner = scope.owner(item);
			return { json: { ...owner.names, attributes: await getAttributes(item, owner) } };
		},
	};
}

/** POST (replace all) or PUT (merge) …/attributes/ with a JSON object → { …names, attributes } as sent. */
function writeOperation(scope: AttributeScope, replace: boolean): OperationModule {
	const value = replace ? 'setAttributes' : 'updateAttributes';
	return {
		option: replace
			? {
					name: 'Set Attributes',
					value,
					description: `Replace all attributes of ${scope.whose} with the ones given: attributes not given are deleted`,
					action: `Replace the attributes of ${scope.whose}`,
				}
			: {
					name: 'Update Attributes',
					value,
					description: `Add or change the attributes of ${scope.whose} given; the other attributes stay`,
					action: `Update the attributes of ${scope.whose}`,
				},
		description: [
			...showOnlyFor([value], scope.fields, scope.resource),
			...attributesDescription(
				value,
				replace
					? `All attributes of ${scope.whose} from now on; any other attribute is deleted`
					: 'The attributes to add or change; the others stay as they are',
				scope.resource,
			),
		],
		execute: async function (item) {
			const owner = scope.owner(item);
			// Replacing (or merging) the same set twice leaves what once leaves: safe to send again.
			const attributes = await writeAttributes(item, owner, { method: replace ? 'POST' : 'PUT', idempotent: true });
			return { json: { ...owner.names, attributes } };
		},
	};
}

export const setAttributesOperation = (scope: AttributeScope) => writeOperation(scope, true);
export const updateAttributesOperation = (scope: AttributeScope) => writeOperation(scope, false);

/** DELETE …/attributes/{attributeKey} → { …names, key, deleted: true }. */
export function deleteAttributeOperation(scope: AttributeScope): OperationModule {
	return {
		option: {
			name: 'Delete Attribute',
			value: 'deleteAttribute',
			description: `Delete one attribute of ${scope.whose}; the other attributes stay`,
			action: `Delete an attribute of ${scope.whose}`,
		},
		description: showOnlyFor(['deleteAttribute'], [...scope.fields, ATTRIBUTE_KEY], scope.resource),
		execute: async function (item) {
			const owner = scope.owner(item);
			const key = readAttributeKey(item);
			await deleteAttributes(item, owner, key);
			return { json: { ...owner.names, key, ...deleted() } };
		},
	};
}

/** DELETE …/attributes/ → { …names, deleted: true }. */
export function deleteAttributesOperation(scope: AttributeScope): OperationModule {
	return {
		option: {
			name: 'Delete All Attributes',
			value: 'deleteAttributes',
			description: `Delete every attribute of ${scope.whose}`,
			action: `Delete all attributes of ${scope.whose}`,
		},
		description: showOnlyFor(['deleteAttributes'], scope.fields, scope.resource),
		execute: async function (item) {
			const owner = scope.owner(item);
			await deleteAttributes(item, owner);
			return { json: { ...owner.names, ...deleted() } };
		},
	};
}
