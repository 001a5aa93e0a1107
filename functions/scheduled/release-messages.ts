import { dependencies } from '../../shared/runtime/dependencies.js';
import { observed } from '../../shared/runtime/observability.js';
import { releaseDueMessages } from '../../shared/services/notifications/release-messages.js';

/** At the end of quiet hours and every five minutes (EventBridge Scheduler): send what is due. */
export const handler = observed(() => releaseDueMessages(dependencies()));
