import { AppError } from '../../lib/errors';

export const memberErrors = {
  notMember: () => new AppError('members.not_member', 404),
  alreadyMember: (orgName: string, canTransfer: boolean) =>
    new AppError('members.already_member', 409, {
      message: canTransfer ? `您已是${orgName}会员。如已换工作，可申请转会到新工会` : `您已是${orgName}会员，无需重复入会`,
      extra: { orgName, canTransfer },
    }),
  serviceCardExists: () => new AppError('members.service_card_exists', 409),
};
