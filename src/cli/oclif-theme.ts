import os from 'node:os'
import path from 'node:path'

/** Where oclif looks for the user's colour theme (its Config.configDir): with one, JSON output is oclif's to colour. */
export function themeFile(env: Record<string, string | undefined>): string {
  const dir = env.ZDEV_CONFIG_DIR || path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir() || os.tmpdir(), '.config'), 'zdev')
  return path.join(dir, 'theme.json')
}
