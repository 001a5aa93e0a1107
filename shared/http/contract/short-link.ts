import { LINK_TOKEN_PATTERN } from '../../domain/short-link.js';
import * as z from '../../zod.js';

/** GET /l/{token}: the token of a leader's SMS link (anything else is answered as an unknown link). */
export const linkToken = z.string().check(z.regex(LINK_TOKEN_PATTERN, 'must be a link token'));
