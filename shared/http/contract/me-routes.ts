import * as me from './me.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';

/** The caller's own notification preferences and app inbox: every signed-in person, nobody else's. */
export const ME_ROUTES = {
  'GET /me/preferences': {
    summary: 'My notification preferences',
    description:
      'The channels the caller chose and the notices opt-out, what they may choose, and the kinds that ' +
      'cannot be muted (assignments, escalations, reminders, overdue, triage, dispatch, notice reports). ' +
      'Never set: the default (SMS and the app, all notices).',
    tag: 'me',
    security: 'bearer',
    responses: { 200: ok('The preferences', me.myPreferences) },
  },
  'PUT /me/preferences': {
    summary: 'Set my notification preferences',
    description:
      '`channels` ⊂ [sms, push] (empty: the app only; the app always has every notification); `notices` ' +
      '`work-only` sends non-urgent notices to the app only. Only people who hold work (leaders, staff) ' +
      'may opt out of notices: a resident gets notices on the household page, never by SMS.',
    tag: 'me',
    security: 'bearer',
    body: me.preferencesBody,
    responses: { 200: ok('The preferences, as stored', me.myPreferences) },
    errors: [422],
  },
  'GET /me/inbox': {
    summary: 'My app notifications',
    description: 'Newest first, with how many are unread; kept 90 days.',
    tag: 'me',
    security: 'bearer',
    query: me.inboxQuery,
    responses: { 200: ok('One page of notifications and the unread count', me.inbox) },
  },
  'POST /me/inbox/read': {
    summary: 'Mark my app notifications read up to a time',
    description:
      'Everything up to `until` (at most now) is read. Idempotent; the mark never moves back, so an ' +
      'earlier time changes nothing.',
    tag: 'me',
    security: 'bearer',
    body: me.markReadBody,
    responses: { 200: ok('The read mark and what is still unread', me.inboxRead) },
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
