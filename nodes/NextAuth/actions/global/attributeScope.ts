/** The tenant's global attributes (shared by all its servers), as the owner of the five attribute operations. */
import type { AttributeScope } from '../attributeOperations';

export const globalAttributes: AttributeScope = {
	resource: 'global',
	whose: 'the tenant',
	fields: [],
	owner: () => ({
		path: '/attributes/',
		global: true,
		names: {},
		readPermission: 'global servers',
		writePermission: 'global servers',
	}),
};
