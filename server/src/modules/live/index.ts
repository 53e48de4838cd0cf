export { createLiveBus, createLiveHub, type LiveBus, type LiveEvent, type LiveHub } from './live.hub';
export { liveRoutes } from './live.routes';
export { createGrantsChangedFeed, notifyGrantsChanged, type GrantsChangedFeed } from './live.streams';
