import type { Partition } from '../config/partition.js';

/**
 * A leader's SMS link, `https://<web.domain>/l/<token>`: it opens the request on the leader page
 * (docs/web.md, "SMS links"). The token is the only secret, and a small one: the link is a pointer,
 * not a key. It redirects to a page that still signs the leader in, and the API still authorizes
 * every read, so a guessed token yields a request id and nothing else.
 *
 * Ten base62 characters are 62^10 ≈ 2^59.5 tokens. A district holds a few tens of thousands of live
 * links (each lives at most 7 days), and the whole API is throttled to 100 calls a second: a guesser
 * using all of it for a week (6·10^7 guesses, every one a 404) finds a live link with a chance of
 * about 2·10^-6, while shutting out every real caller and filling the access log with 404s.
 */
export const LINK_TOKEN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const LINK_TOKEN_LENGTH = 10;
export const LINK_TOKEN_PATTERN = /^[0-9A-Za-z]{10}$/;
/** The path of links on the site's domain: CloudFront sends it to the API (infra/web-distribution.ts). */
export const LINK_PATH = '/l/';

/** How long a link outlives the resolve deadline of the request it opens; never longer than `LINK_MAX_DAYS`. */
const MARGIN_HOURS = 24;
const LINK_MAX_DAYS = 7;

/** Random bytes (node:crypto's `randomBytes`), handed in so that this module stays pure. */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * A token of uniformly drawn base62 characters: a byte of 248 or more is skipped (248 = 4 × 62), so
 * that `byte % 62` favours no character.
 */
export function newLinkToken(random: RandomBytes): string {
  let token = '';
  while (token.length < LINK_TOKEN_LENGTH) {
    for (const byte of random(2 * LINK_TOKEN_LENGTH)) {
      if (byte < 4 * LINK_TOKEN_ALPHABET.length && token.length < LINK_TOKEN_LENGTH) {
        token += LINK_TOKEN_ALPHABET[byte % LINK_TOKEN_ALPHABET.length];
      }
    }
  }
  return token;
}

/**
 * Where a district's links point and how a token is drawn: given to the lifecycle when the district
 * has a site (`web.domain`, or the local server); without it, leaders' SMS carry no link.
 */
export interface LinkMaker {
  /** `https://<web.domain>` (the local run: its own server), without a trailing slash. */
  site: string;
  newToken: () => string;
}

/** The stored link: which request it opens, for whom, until when. */
export interface ShortLink {
  token: string;
  requestId: string;
  personId: string;
  /** ISO time; the table's TTL removes the item some time after it. */
  expiresAt: string;
}

export function linkUrl(site: string, token: string): string {
  return `${site}${LINK_PATH}${token}`;
}

/**
 * When a link stops opening its request: a day after the resolve deadline of the leader it was
 * sent to (a late leader can still open it), at most 7 days after it was sent. Derived from the
 * request as the transition leaves it, so a replayed transition computes the same time.
 */
export function linkExpiry(resolveBy: string, sentAt: string): string {
  const afterDeadline = new Date(resolveBy).getTime() + MARGIN_HOURS * 3_600_000;
  const latest = new Date(sentAt).getTime() + LINK_MAX_DAYS * 86_400_000;
  return new Date(Math.min(afterDeadline, latest)).toISOString();
}

export function isLinkLive(link: Pick<ShortLink, 'expiresAt'>, now: Date): boolean {
  return now.getTime() < new Date(link.expiresAt).getTime();
}

/**
 * The request on the leader page (web/src/leader/router.ts, hash history). China's distribution has
 * no function to serve a directory's index (infra/deployment-profile.ts): the page is named by its file.
 */
export function leaderRequestUrl(site: string, requestId: string, partition: Partition): string {
  const page = partition === 'aws-cn' ? '/leader/index.html' : '/leader/';
  return `${site}${page}#/requests/${encodeURIComponent(requestId)}`;
}
