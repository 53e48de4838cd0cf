import { isWithinOfficeHours, type OrgContact } from '@union/shared';

/**
 * What the applicant is told while the union reviews: no promise of minutes at midnight. Inside the
 * union's opening hours the staff are at work; outside them, the next working day.
 */
export function reviewWait(orgName: string, contact: OrgContact, now: Date = new Date()): string {
  if (!contact.officeHours) return `${orgName}工作人员会在工作时间审核您的申请`;
  return isWithinOfficeHours(contact.officeHours, now)
    ? `${orgName}工作人员正在审核，工作时间内一般当天处理`
    : `现在是非工作时间，申请将在${orgName}下个工作日审核`;
}
