export { notifications, notificationKind, notificationState, type NotificationRow } from './notifications.table';
export { enqueueNotification, listForAccount as notificationsOf, type NewNotification } from './notifications.repository';
export { createNotificationsService, notificationDispatchJob, retryDelayMs, type NotificationsService } from './notifications.service';
