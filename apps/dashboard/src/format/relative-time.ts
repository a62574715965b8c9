/**
 * How long ago an instant was, in the largest unit that reads naturally. The wording is the i18n messages'
 * job (`time.minutesAgo` …); this only decides the unit and the number, so it is tested without Vue.
 */
export type RelativeTime =
  { unit: 'never' } | { unit: 'justNow' } | { unit: 'seconds' | 'minutes' | 'hours' | 'days'; value: number };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Below this an instant is "just now"; also absorbs small clock skew between browser and server. */
const JUST_NOW = 5 * SECOND;

export function relativeTimeSince(instant: string | null, nowMs: number): RelativeTime {
  if (instant === null) return { unit: 'never' };
  const at = Date.parse(instant);
  if (Number.isNaN(at)) return { unit: 'never' };
  const elapsed = nowMs - at;
  if (elapsed < JUST_NOW) return { unit: 'justNow' };
  if (elapsed < MINUTE) return { unit: 'seconds', value: Math.floor(elapsed / SECOND) };
  if (elapsed < HOUR) return { unit: 'minutes', value: Math.floor(elapsed / MINUTE) };
  if (elapsed < DAY) return { unit: 'hours', value: Math.floor(elapsed / HOUR) };
  return { unit: 'days', value: Math.floor(elapsed / DAY) };
}

/** The i18n message key for a relative time; `value` is passed as the plural count and as `{n}`. */
export function relativeTimeMessageKey(relative: RelativeTime): string {
  switch (relative.unit) {
    case 'never':
      return 'time.never';
    case 'justNow':
      return 'time.justNow';
    case 'seconds':
      return 'time.secondsAgo';
    case 'minutes':
      return 'time.minutesAgo';
    case 'hours':
      return 'time.hoursAgo';
    case 'days':
      return 'time.daysAgo';
  }
}
