export { stallEvents, type StallEventRow } from './events.table';
export { createEventsService, eventDto, type EventsService } from './events.service';
export { eventsRoutes } from './events.routes';
export { insertEvent } from './events.repository';
