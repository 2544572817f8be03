import { getAttributesOperation } from '../attributeOperations';
import { globalAttributes } from './attributeScope';

export const { option, description, execute } = getAttributesOperation(globalAttributes);
