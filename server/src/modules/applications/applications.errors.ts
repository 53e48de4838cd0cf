import { AppError } from '../../lib/errors';

export const applicationErrors = {
  notFound: () => new AppError('applications.not_found'),
  duplicate: () => new AppError('applications.duplicate'),
  alreadyDecided: (status: string) => new AppError('applications.already_decided', { extra: { status } }),
  notEditable: () => new AppError('applications.not_editable'),
  noUnion: () => new AppError('applications.no_union', { field: 'orgId' }),
  ownApplication: () => new AppError('applications.own_application'),
  /**
   * Names the union only to a person whose real-name check passed; anyone else learns only that the ID is taken.
   * A `members.*` code built here: the members module depends on applications (a membership names its application),
   * so it cannot lend its factory without a cycle.
   */
  alreadyMember: (orgName: string | null, canTransfer: boolean) =>
    orgName
      ? new AppError('members.already_member', {
          message: canTransfer ? `您已是${orgName}会员。如已换工作，可申请转会到新工会` : `您已是${orgName}会员，无需重复入会`,
          extra: { orgName, canTransfer },
        })
      : new AppError('members.already_member', { extra: { canTransfer } }),
  phoneRequired: () => new AppError('applications.phone_required'),
  realNameFailed: () => new AppError('applications.realname_failed', { field: 'idNumber' }),
};
