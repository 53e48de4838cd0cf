export { services, serviceSlots, serviceKind, promotionMode, limitPeriod, type ServiceRow, type SlotRow } from './services.table';
export { lockSlotWithRules, takePlace, joinWaitlist, adjustSlot, insertService, insertSlots } from './services.repository';
export { createServicesService, serviceDto, slotDto, SERVICE_ADMIN_ROLES, type ServicesService } from './services.service';
export { servicesRoutes } from './services.routes';
export { serviceErrors } from './services.errors';
