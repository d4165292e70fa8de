/**
 * `containerTimezone`: the timezone of the Redis Enterprise, bootstrapper and services rigger
 * containers (UTC otherwise), either named or the host's. The two are alternatives, as the
 * official API doc describes them ("You can either propagate the hosts timezone ... or set it
 * manually via timezoneName").
 */
import { z } from 'zod';
import { text } from './kubernetes-types.js';
import { withRules } from './rule.js';
import { MAX_TIMEZONE } from './bounds.js';

/** Printable ASCII without spaces: "Europe/London", "UTC", "EST5EDT,M3.2.0,M11.1.0", "<+03>-3". */
const TIMEZONE_NAME = /^[!-~]+$/;

const timezoneName = withRules(text(MAX_TIMEZONE, 1), [
  {
    holds: (v) => TIMEZONE_NAME.test(v),
    message: () => 'must be a timezone name such as Europe/London: printable characters, no spaces',
    got: (v) => v,
    cel: `self.matches('^[!-~]+$')`,
  },
]);

export const containerTimezone = withRules(
  z.object({
    propagateHost: z
      .object({})
      .optional()
      .describe("Use the host's timezone: mounts the host's /etc/localtime (a hostPath volume)."),
    timezoneName: timezoneName.optional().describe('A timezone name, set as TZ in the containers, e.g. Europe/London.'),
  }),
  [
    {
      path: ['timezoneName'],
      holds: (v) => !(v.propagateHost !== undefined && v.timezoneName !== undefined),
      message: () =>
        "must not be set together with propagateHost: the containers take either the host's timezone or a named one",
      cel: '!(has(self.propagateHost) && has(self.timezoneName))',
    },
  ],
);
