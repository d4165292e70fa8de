/**
 * A CronJob schedule as the API server checks it (batch/v1 parses it with robfig/cron's standard
 * parser): five fields (minute, hour, day of month, month, day of week), each a list of `*`, `?`,
 * values or ranges with an optional `/step`, month and weekday names in any case; or a descriptor
 * (`@daily`, `@every 6h`, ...). One regular expression, shared by zod and CEL, so `validate` and
 * the API server refuse the same schedules. A range whose start is above its end (`30-10`) is the
 * one thing it lets through: the API server then refuses the CronJob, naming its schedule.
 */
import { withRules } from './rule.js';
import { text } from './kubernetes-types.js';
import { MAX_CRON_EXPRESSION } from './bounds.js';
import { celPattern } from './names-format.js';

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const WEEKDAYS = 'sun|mon|tue|wed|thu|fri|sat';

/** One field: a comma list of `*`, `?`, a value or a range, each with an optional step. */
function field(value: string): string {
  const item = `(\\*|\\?|(${value})(-(${value}))?)(/[1-9][0-9]*)?`;
  return `${item}(,${item})*`;
}

const FIELDS = [
  '[0-5]?[0-9]', // minute
  '[01]?[0-9]|2[0-3]', // hour
  '0?[1-9]|[12][0-9]|3[01]', // day of month
  `0?[1-9]|1[0-2]|${MONTHS}`, // month
  `0?[0-6]|${WEEKDAYS}`, // day of week
].map(field);

const DESCRIPTOR = '@(yearly|annually|monthly|weekly|daily|midnight|hourly)';
/** A Go duration, as `@every` takes it. */
const EVERY = '@every +([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+';

/** Over the lowercased schedule (names are case-insensitive). */
export const CRON_SCHEDULE = new RegExp(`^\\s*(${DESCRIPTOR}|${EVERY}|${FIELDS.join('\\s+')})\\s*$`);

export const CRON_MESSAGE =
  'must be a cron schedule of five fields (minute hour day-of-month month day-of-week), such as "0 23 * * *", or @hourly, @daily, @weekly, @monthly, @yearly or "@every 6h"';

/** A CronJob `schedule`. */
export const cronSchedule = withRules(text(MAX_CRON_EXPRESSION, 1), [
  {
    holds: (v) => CRON_SCHEDULE.test(v.toLowerCase()),
    message: () => CRON_MESSAGE,
    got: (v) => v,
    cel: `self.lowerAscii().matches('${celPattern(CRON_SCHEDULE)}')`,
  },
]);

/** A Go duration ("1h", "30m", "1h30m"), as the call home client's `--interval` takes it. */
export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/;
