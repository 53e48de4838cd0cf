export { memberships, membershipEvents, memberNoCounters, serviceCards, type MembershipRow } from './members.table';
export { membershipHistory, insertServiceCard } from './members.repository';
export {
  admit,
  createMembersService,
  currentMembershipOfPerson,
  membershipFacts,
  memberStanding,
  startServiceCardSync,
  type Admission,
  type MembersService,
} from './members.service';
export { membersRoutes } from './members.routes';
