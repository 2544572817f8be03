import { updateAttributesOperation } from '../attributeOperations';
import { globalAttributes } from './attributeScope';

export const { option, description, execute } = updateAttributesOperation(globalAttributes);
