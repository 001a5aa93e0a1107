import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises, type VueWrapper } from '@vue/test-utils';
import NotificationSettingsView from '../../../web/src/leader/views/NotificationSettingsView.vue';
import {
  smsSummary,
  withEmail,
  withSms,
  withWorkOnly,
  type MyPreferences,
} from '../../../web/src/leader/notification-settings';
import { fakeApi, leaderContext, mountView, type Call } from './harness';

enableAutoUnmount(afterEach);

const LEADER_PREFERENCES: MyPreferences = {
  channels: ['sms', 'push'],
  notices: 'all',
  isDefault: true,
  choices: { channels: ['sms', 'push'], notices: ['all', 'work-only'] },
  mandatoryKinds: ['assignment', 'escalation', 'reminder'],
};

/** A community staff member's, where the district sends e-mail: the API offers e-mail too. */
const STAFF_PREFERENCES: MyPreferences = {
  ...LEADER_PREFERENCES,
  choices: { channels: ['sms', 'push', 'email'], notices: ['all', 'work-only'] },
};

describe('the notification choice', () => {
  it('turns SMS off and on, the app always kept', () => {
    expect(withSms(LEADER_PREFERENCES, false)).toEqual({ channels: ['push'], notices: 'all' });
    expect(withSms({ channels: ['push'], notices: 'work-only' }, true)).toEqual({
      channels: ['sms', 'push'],
      notices: 'work-only',
    });
    expect(withSms({ channels: ['sms', 'push', 'email'], notices: 'all' }, false)).toEqual({
      channels: ['push', 'email'],
      notices: 'all',
    });
    expect(withWorkOnly(LEADER_PREFERENCES, true)).toEqual({
      channels: ['sms', 'push'],
      notices: 'work-only',
    });
  });

  it('adds e-mail on top of the other channels, and takes it off alone', () => {
    expect(withEmail({ channels: ['sms', 'push'], notices: 'all' }, true)).toEqual({
      channels: ['sms', 'push', 'email'],
      notices: 'all',
    });
    expect(withEmail({ channels: ['push', 'email'], notices: 'work-only' }, false)).toEqual({
      channels: ['push'],
      notices: 'work-only',
    });
  });

  it('says what will come by SMS', () => {
    expect(smsSummary({ channels: ['sms', 'push'], notices: 'all' })).toBe('工作短信和全部通知都会发短信');
    expect(smsSummary({ channels: ['sms', 'push'], notices: 'work-only' })).toContain('紧急通知会发短信');
    expect(smsSummary({ channels: ['push'], notices: 'all' })).toContain('只有工作短信');
  });
});

describe('the notification settings', () => {
  function settingsApi(
    put: (call: Call) => { status?: number; body?: unknown },
    preferences = LEADER_PREFERENCES,
  ) {
    return fakeApi((call) => (call.method === 'PUT' ? put(call) : { body: preferences }));
  }
  const switchNamed = (wrapper: VueWrapper, name: string) =>
    wrapper.get(`[role="switch"][aria-label="${name}"]`);

  it('shows the rule plainly: work SMS cannot be turned off, and the app is always on', async () => {
    const api = settingsApi(() => ({ body: LEADER_PREFERENCES }));
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    expect(api.calls[0]?.path).toBe('/me/preferences');
    expect(wrapper.get('[data-testid="rule"]').text()).toContain('派单、升级、提醒等工作短信不能关闭');
    expect(wrapper.get('[data-testid="rule"]').text()).toContain('派单、升级、办理提醒');
    expect(switchNamed(wrapper, '手机页面消息').attributes('aria-checked')).toBe('true');
    expect(switchNamed(wrapper, '手机页面消息').classes()).toContain('van-switch--disabled');
  });

  it('saves SMS off at once; the notices opt-out, which only concerns SMS, is then disabled', async () => {
    const api = settingsApi((call) => ({
      body: { ...LEADER_PREFERENCES, ...(call.body as object), isDefault: false },
    }));
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    expect(switchNamed(wrapper, '仅接收与我工作相关的通知').classes()).not.toContain('van-switch--disabled');

    await switchNamed(wrapper, '短信').trigger('click');
    await flushPromises();

    expect(api.calls.filter((call) => call.method === 'PUT').map((call) => call.body)).toEqual([
      { channels: ['push'], notices: 'all' },
    ]);
    expect(switchNamed(wrapper, '短信').attributes('aria-checked')).toBe('false');
    expect(switchNamed(wrapper, '仅接收与我工作相关的通知').classes()).toContain('van-switch--disabled');
  });

  it('saves 仅接收与我工作相关的通知', async () => {
    const api = settingsApi((call) => ({ body: { ...LEADER_PREFERENCES, ...(call.body as object) } }));
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    await switchNamed(wrapper, '仅接收与我工作相关的通知').trigger('click');
    await flushPromises();
    expect(api.calls.find((call) => call.method === 'PUT')?.body).toEqual({
      channels: ['sms', 'push'],
      notices: 'work-only',
    });
    expect(wrapper.text()).toContain('紧急通知会发短信');
  });

  it('leaves the switches as they were when the API refuses', async () => {
    const api = settingsApi(() => ({ status: 422, body: { status: 422, title: 'Unprocessable' } }));
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    await switchNamed(wrapper, '短信').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);
    expect(switchNamed(wrapper, '短信').attributes('aria-checked')).toBe('true');
  });

  it('offers e-mail only to whom the API offers it (staff, where the district sends e-mail) and saves it', async () => {
    const leader = await mountView(NotificationSettingsView, leaderContext(settingsApi(() => ({})).fetch));
    expect(leader.find('[aria-label="电子邮件"]').exists()).toBe(false);

    const api = settingsApi(
      (call) => ({ body: { ...STAFF_PREFERENCES, ...(call.body as object) } }),
      STAFF_PREFERENCES,
    );
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    expect(switchNamed(wrapper, '电子邮件').attributes('aria-checked')).toBe('false');
    await switchNamed(wrapper, '电子邮件').trigger('click');
    await flushPromises();
    expect(api.calls.find((call) => call.method === 'PUT')?.body).toEqual({
      channels: ['sms', 'push', 'email'],
      notices: 'all',
    });
    expect(switchNamed(wrapper, '电子邮件').attributes('aria-checked')).toBe('true');
    expect(switchNamed(wrapper, '短信').attributes('aria-checked')).toBe('true');
  });

  it('says plainly that e-mail needs an address first, and leaves it off', async () => {
    const api = settingsApi(
      () => ({
        status: 422,
        body: {
          status: 422,
          errors: [{ field: 'channels', message: 'email: no e-mail address on your record' }],
        },
      }),
      STAFF_PREFERENCES,
    );
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    await switchNamed(wrapper, '电子邮件').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('还没有邮箱地址');
    expect(switchNamed(wrapper, '电子邮件').attributes('aria-checked')).toBe('false');
  });

  it('offers no notices opt-out to someone the API does not offer it to', async () => {
    const api = settingsApi(() => ({}), {
      ...LEADER_PREFERENCES,
      choices: { channels: ['sms', 'push'], notices: ['all'] },
    });
    const wrapper = await mountView(NotificationSettingsView, leaderContext(api.fetch));
    expect(wrapper.find('[aria-label="仅接收与我工作相关的通知"]').exists()).toBe(false);
  });
});
