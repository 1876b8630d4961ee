import Type from 'typebox';

/**
 * The security settings as the 安全管理员 submits them (API body and console form). The bounds are the
 * guard rails of 等保 level 3: a password of at least 8 characters from at least 3 classes, a lockout after
 * at most 10 failures, sessions idle for at most 30 minutes and alive for at most 12 hours.
 */
export const SecuritySettingsBody = Type.Object(
  {
    password: Type.Object(
      {
        minLength: Type.Integer({ title: '口令最小长度（位）', minimum: 8, maximum: 64 }),
        minClasses: Type.Integer({ title: '口令至少包含的字符类别（大写、小写、数字、符号）', minimum: 3, maximum: 4 }),
        maxAgeDays: Type.Integer({ title: '口令有效期（天，0 表示不过期）', minimum: 0, maximum: 365 }),
        historySize: Type.Integer({ title: '不得与最近几次使用过的口令相同', minimum: 1, maximum: 24 }),
      },
      { title: '口令策略', additionalProperties: false },
    ),
    lockout: Type.Object(
      {
        threshold: Type.Integer({ title: '连续失败次数', minimum: 3, maximum: 10 }),
        windowMinutes: Type.Integer({ title: '失败次数统计时间窗（分钟）', minimum: 1, maximum: 1440 }),
        durationMinutes: Type.Integer({ title: '锁定时长（分钟）', minimum: 5, maximum: 1440 }),
      },
      { title: '登录失败锁定', additionalProperties: false },
    ),
    ipThrottle: Type.Object(
      {
        failures: Type.Integer({ title: '同一 IP 地址登录失败次数上限', minimum: 5, maximum: 1000 }),
        windowMinutes: Type.Integer({ title: '统计时间窗（分钟）', minimum: 1, maximum: 1440 }),
      },
      { title: '按 IP 地址限制登录失败', additionalProperties: false },
    ),
    session: Type.Object(
      {
        idleMinutes: Type.Integer({ title: '业务账号空闲超时（分钟）', minimum: 5, maximum: 30 }),
        adminIdleMinutes: Type.Integer({ title: '管理员账号空闲超时（分钟）', minimum: 5, maximum: 30 }),
        absoluteHours: Type.Integer({ title: '会话最长时长（小时）', minimum: 1, maximum: 12 }),
      },
      { title: '会话', additionalProperties: false },
    ),
    mfaForUnitRoles: Type.Boolean({ title: '单位经办人、单位负责人也须使用动态口令' }),
    initialPasswordHours: Type.Integer({ title: '一次性初始口令有效期（小时）', minimum: 1, maximum: 168 }),
    dormantDays: Type.Integer({ title: '账号连续多少天未登录即自动停用（0 表示不停用）', minimum: 0, maximum: 365 }),
  },
  { additionalProperties: false },
);
