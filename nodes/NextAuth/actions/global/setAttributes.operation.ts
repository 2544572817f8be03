import { setAttributesOperation } from '../attributeOperations';
import { globalAttributes } from './attributeScope';

export const { option, description, execute } = setAttributesOperation(globalAttributes);
