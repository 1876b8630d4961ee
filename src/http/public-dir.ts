import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * `public/` at the repository root: two levels up from src/http (tsx: dev server, tests) and three from
 * dist/src/http (the build). Resolving only the latter left tests and `npm run dev` without CSS or scripts.
 */
export const PUBLIC_DIR =
  [path.resolve(HERE, '../..', 'public'), path.resolve(HERE, '../../..', 'public')].find((dir) =>
    fs.existsSync(path.join(dir, 'console.css')),
  ) ?? path.resolve(HERE, '../../..', 'public');
