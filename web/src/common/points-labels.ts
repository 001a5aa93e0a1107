/** Why points moved (a ledger entry's `memo.reasons`), in words a leader and the staff read. */
const REASON_NAMES: Record<string, string> = {
  'acknowledged-within-sla': '按时接单',
  resolved: '办结诉求',
  'resolved-within-sla': '按时办结',
  'breached-sla': '超时扣分',
  award: '社区奖励',
  'monthly-bonus': '月度奖励',
  'volunteer-hours': '志愿服务',
  redeemed: '兑换礼品',
  'redemption-cancelled': '兑换取消退回',
};

export function reasonText(reasons: readonly string[]): string {
  const named = reasons.map((reason) => {
    const rating = /^rated-(\d)$/.exec(reason);
    return rating ? `居民评价${rating[1]}星` : (REASON_NAMES[reason] ?? reason);
  });
  return named.join('、') || '积分变动';
}

export const REDEMPTION_STATUS_NAMES: Record<string, string> = {
  reserved: '待领取',
  fulfilled: '已领取',
  cancelled: '已取消',
};

export const REWARD_STATUS_NAMES: Record<string, string> = { active: '上架', withdrawn: '已下架' };
