import type { HolidayNotice } from '../notice.js';
import { notice2021 } from './2021.js';
import { notice2022 } from './2022.js';
import { notice2023 } from './2023.js';
import { notice2024 } from './2024.js';
import { notice2025 } from './2025.js';
import { notice2026 } from './2026.js';

/**
 * The notices shipped with the application, oldest first. Later years are loaded by an administrator
 * (`shixiang workdays import`); add a module here only for a year confirmed against gov.cn.
 */
export const BUNDLED_NOTICES: readonly HolidayNotice[] = [
  notice2021,
  notice2022,
  notice2023,
  notice2024,
  notice2025,
  notice2026,
];
