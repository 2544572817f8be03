import { updateAttributesOperation } from '../attributeOperations';
import { serverAttributes } from './attributeScope';

export const { option, description, execute } = updateAttributesOperation(serverAttributes);
