export { notifications, notificationSettings, notificationKind, notificationState, type NotificationRow } from './notifications.table';
export { enqueueNotification, hasSmsConsent, listForAccount as notificationsOf, type NewNotification } from './notifications.repository';
export { createNotificationsService, notificationDispatchJob, retryDelayMs, type NotificationsService } from './notifications.service';
export { createMessagesService, type MessagesService } from './messages.service';
export { messagesRoutes } from './messages.routes';
