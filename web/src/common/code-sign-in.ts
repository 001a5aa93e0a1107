import { computed, onBeforeUnmount, ref } from 'vue';
import { problemMessage, type Problem } from './problem';
import type { Session } from './session';

/** Seconds before another code may be asked for (the SMS provider's own limit is a minute). */
const RESEND_SECONDS = 60;

/**
 * Phone + SMS code (手机号 + 验证码), the way Chinese public-service pages sign people in: what the
 * phone pages' Vant panel and the console's Element Plus form share. `fail` shows a refusal.
 */
export function useCodeSignIn(session: Session, fail: (message: string) => void) {
  const phone = ref('');
  const code = ref('');
  const waitSeconds = ref(0);
  const sending = ref(false);
  const signingIn = ref(false);
  let timer: ReturnType<typeof setInterval> | undefined;
  onBeforeUnmount(() => clearInterval(timer));

  /** What a person types (138 0013 8000) in the API's form (+8613800138000). */
  const normalizedPhone = computed(() => {
    const digits = phone.value.replace(/[\s-]/g, '');
    return digits.startsWith('+') ? digits : `+86${digits}`;
  });

  async function sendCode() {
    sending.value = true;
    try {
      const { error, response } = await session.requestCode(normalizedPhone.value);
      if (error) return fail(problemMessage(error as Problem, response.status));
      waitSeconds.value = RESEND_SECONDS;
      timer = setInterval(() => {
        waitSeconds.value -= 1;
        if (waitSeconds.value <= 0) clearInterval(timer);
      }, 1000);
    } finally {
      sending.value = false;
    }
  }

  async function signIn() {
    signingIn.value = true;
    try {
      const { error, response } = await session.signIn(normalizedPhone.value, code.value.trim());
      if (error) fail(problemMessage(error as Problem, response.status));
    } finally {
      signingIn.value = false;
    }
  }

  return { phone, code, waitSeconds, sending, signingIn, sendCode, signIn };
}
