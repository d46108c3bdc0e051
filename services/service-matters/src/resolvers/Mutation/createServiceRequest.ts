import { BadUserInputError } from '@jwh/platform';
import type { MutationResolvers } from '../../__generated__/resolvers-types.js';
import { APPOINTMENT_KEY_PREFIX } from '../../services/appointment.service.js';
import * as requestService from '../../services/request.service.js';

export const createServiceRequest: NonNullable<MutationResolvers['createServiceRequest']> = (_, args, ctx) => {
  // Keys of requests made from appointments are the service's own: a client cannot take one first.
  if (args.input.clientRequestId.startsWith(APPOINTMENT_KEY_PREFIX))
    throw new BadUserInputError('input.clientRequestId', `请求编号不能以 ${APPOINTMENT_KEY_PREFIX} 开头 (reserved prefix)`);
  return requestService.createServiceRequest(ctx, args.input);
};
