/** Where the state file lives (SPEC section 5). */
import { isAbsolute, join } from 'node:path';

export function statePath(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (flag !== undefined) return flag;
  if (env.JOOL_POOL4_STATE) return env.JOOL_POOL4_STATE;
  // The XDG spec says to ignore an empty or relative XDG_STATE_HOME.
  const xdg = env.XDG_STATE_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  return join(base, 'jool', 'pool4.json');
}
