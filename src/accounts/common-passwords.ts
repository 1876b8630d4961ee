/**
 * Passwords that appear at the top of every leaked-password list, plus the variants people produce to
 * satisfy composition rules (AUTH-02). Compared case-insensitively. Not exhaustive by design: together
 * with the structural checks in password-policy.ts it refuses what attackers try first.
 */
const WORDS = [
  '123456', '123456789', '12345678', '1234567890', '12345', '1234567', '111111', '000000', '123123', '666666', '888888',
  '654321', '112233', '121212', '147258369', '159357', '5201314', '1314520', 'woaini', 'woaini1314', 'iloveyou',
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass@123', 'password1', 'password123', 'password@123', 'qwerty',
  'qwerty123', 'qwer1234', 'qwe123', 'qweasd', 'qweasdzxc', '1qaz2wsx', '1qaz@wsx', '1q2w3e4r', '1q2w3e4r5t', 'zaq12wsx',
  'asdfgh', 'asdf1234', 'zxcvbnm', 'abc123', 'abc123456', 'abc@123', 'abcd1234', 'abcd@1234', 'aa123456', 'aa112233',
  'a123456', 'a12345678', 'a1234567', 'a1b2c3d4', 'admin', 'admin123', 'admin@123', 'admin888', 'administrator', 'root',
  'root123', 'root@123', 'test', 'test123', 'test@123', 'guest', 'welcome', 'welcome1', 'welcome@123', 'letmein', 'monkey',
  'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball', 'shadow', 'superman', 'trustno1', 'changeme',
  'changeme123', 'default', 'secret', 'system', 'manager', 'huawei@123', 'huawei123', 'sysadmin', 'security', 'audit',
  'gov123456', 'zwfw123456', 'zhengwu123', 'shixiang', 'shixiang123', 'china123', 'beijing', 'shanxi123', 'taiyuan',
];

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  WORDS.flatMap((w) => [w, `${w}!`, `${w}.`, `${w}1`, `${w}#`, `${w}@`, `${w[0]!.toUpperCase()}${w.slice(1)}`, `${w[0]!.toUpperCase()}${w.slice(1)}!`]).map((w) => w.toLowerCase()),
);
