import type { Notice } from '../../shared/domain/notice.js';
import { fanOutNotice } from '../../shared/services/notices/fan-out.js';
import { streamHandler } from '../../shared/runtime/stream-handler.js';

/** The table's stream, filtered to new notices: each reaches the leaders of its place (one SMS per person). */
export const handler = streamHandler<Notice>(
  'fanning out a notice',
  (notice) => notice.id,
  async (deps, notice) => {
    await fanOutNotice(deps, notice.id);
  },
);
