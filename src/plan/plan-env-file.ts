/**
 * Adds settings to a dotenv file without touching what is there: a variable that
 * is already set keeps its value, and new ones are appended under a comment.
 */
import { parse } from 'dotenv';

export interface EnvSetting {
  name: string;
  /** The value to write when the variable is missing. */
  value: string;
  /** One line saying what the setting is for. */
  comment: string;
}

/** The file with the missing settings appended; the same text when none is missing. */
export function planEnvFile(current: string | null, settings: EnvSetting[]): string | null {
  const existing = parse(current ?? '');
  const missing = settings.filter((setting) => !(setting.name in existing));
  if (missing.length === 0) return current;
  const lines = missing.flatMap((setting) => [`# ${setting.comment}`, `${setting.name}=${quote(setting.value)}`]);
  const base = current ?? '';
  const separator = base === '' || base.endsWith('\n\n') ? '' : base.endsWith('\n') ? '\n' : '\n\n';
  return `${base}${separator}${lines.join('\n')}\n`;
}

function quote(value: string): string {
  return /^[\w.:/@+-]*$/.test(value) ? value : `"${value}"`;
}
