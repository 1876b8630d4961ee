/** Streams for running a CLI command in-process, with what it wrote kept for assertions. */
export function capture(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env }, out, err };
}
