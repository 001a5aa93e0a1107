/** Chinese names of the API's codes. Categories and tags are the district's: `GET /district` names them. */
export const STATUS_NAMES: Record<string, string> = {
  submitted: '已提交',
  triage: '待分拣',
  assigned: '待接单',
  acknowledged: '处理中',
  dispatched: '已派单',
  escalating: '上报中',
  resolved: '待确认',
  closed: '已办结',
};

export const LEVEL_NAMES: Record<string, string> = {
  unit: '单元长',
  building: '楼栋长',
  grid: '网格长',
  community: '社区',
  street: '街道',
};

export const PRIORITY_NAMES: Record<string, string> = { normal: '一般', high: '较急', urgent: '紧急' };

export const ACTION_NAMES: Record<string, string> = {
  acknowledge: '接单',
  resolve: '办结',
  escalate: '上报',
  dispatch: '派单',
  complete: '完成',
  confirm: '确认办结',
  reject: '未解决',
  dismiss: '驳回',
  attach: '关联住户',
};

/** A code's Chinese name, or the code itself when the page does not know it yet. */
export const nameOf = (names: Record<string, string>, code: string | undefined): string =>
  code === undefined ? '' : (names[code] ?? code);

export const EVENT_NAMES: Record<string, string> = {
  submitted: '提交诉求',
  assigned: '已派给',
  acknowledged: '已接单',
  'escalation-requested': '申请上报',
  escalated: '已上报',
  reminded: '已提醒',
  overdue: '已超时',
  resolved: '已办结,待居民确认',
  confirmed: '居民确认办结',
  rejected: '居民反馈未解决',
  'auto-confirmed': '超时自动确认',
  rerouted: '改派',
  dispatched: '已派单',
  'dispatch-completed': '派单完成',
  'dispatch-overdue': '派单超时',
  triaged: '待分拣',
  'triage-overdue': '分拣超时',
  attached: '已关联住户',
  dismissed: '已驳回',
};
