import { setAttributesOperation } from '../attributeOperations';
import { serverAttributes } from './attributeScope';

export const { option, description, execute } = setAttributesOperation(serverAttributes);
