import { serviceRequest } from './Query/serviceRequest.js';
import { serviceTypes } from './Query/serviceTypes.js';
import { Resident } from './Resident.js';
import { ServiceRequest } from './ServiceRequest.js';
import { ServiceType } from './ServiceType.js';

export const resolvers = {
  Query: { serviceTypes, serviceRequest },
  Resident,
  ServiceRequest,
  ServiceType,
};
