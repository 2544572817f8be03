import { getAttributesOperation } from '../attributeOperations';
import { serverAttributes } from './attributeScope';

export const { option, description, execute } = getAttributesOperation(serverAttributes);
