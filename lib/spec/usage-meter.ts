/**
 * `usageMeter.callHomeClient`: the official operator's call home client, a CronJob that sends
 * the cluster's usage report to Redis. Field names and defaults as its API doc gives them.
 */
import { z } from 'zod';
import { imageSpec, objectName, resourceRequirements, text } from './kubernetes-types.js';
import { withRules } from './rule.js';
import { cronSchedule, GO_DURATION } from './cron-schedule.js';
import { celPattern } from './names-format.js';
import { MAX_TEXT } from './bounds.js';

/** "23:00 UTC daily", the official default. */
export const DEFAULT_CALL_HOME_SCHEDULE = '0 23 * * *';
/** "0.25 CPU and 256Mi memory", the official default (requests = limits, as for every pod we render). */
export const DEFAULT_CALL_HOME_RESOURCES = { cpu: '250m', memory: '256Mi' } as const;

const interval = withRules(text(64, 1), [
  {
    holds: (v) => GO_DURATION.test(v),
    message: () => 'must be a duration such as 24h, 1h30m or 30m',
    got: (v) => v,
    cel: `self.matches('${celPattern(GO_DURATION)}')`,
  },
]);

const s3Target = z.object({
  enabled: z.boolean().optional().describe('Upload the report to this S3 target only.'),
  url: text(MAX_TEXT).optional().describe('Full S3 URL including the bucket.'),
  endpoint: text(MAX_TEXT).optional().describe('S3-compatible endpoint URL.'),
  bucket: text(MAX_TEXT).optional().describe('Bucket name.'),
  region: text(MAX_TEXT).optional().describe('Region of the bucket.'),
  prefix: text(MAX_TEXT).optional().describe('Key prefix of the uploaded files.'),
  credentialsSecretName: objectName('Secret')
    .optional()
    .describe('Secret with the keys access-key and secret-key (optional: session-token, ca-cert).'),
});

const callHomeClient = z.object({
  disabled: z
    .boolean()
    .default(false)
    .describe('No CronJob: the call home client is off. Default: false (on, when callHomeClient is given).'),
  imageSpec: imageSpec.optional().describe('Image of the call home client. Default: redislabs/re-call-home-client.'),
  resources: resourceRequirements
    .default({ requests: { ...DEFAULT_CALL_HOME_RESOURCES }, limits: { ...DEFAULT_CALL_HOME_RESOURCES } })
    .describe('Compute resources of the call home pod. Default: 250m, 256Mi.'),
  proxySecretName: objectName('Secret')
    .optional()
    .describe('Secret with the keys proxy-url (with its port), proxy-username and proxy-password.'),
  s3Target: s3Target.optional().describe('S3-compatible target of the report (coordinate with Redis first).'),
  interval: interval.optional().describe('Passed as --interval to the call home client (e.g. 24h).'),
  cronExpression: cronSchedule
    .default(DEFAULT_CALL_HOME_SCHEDULE)
    .describe(`Schedule of the CronJob, in UTC. Default: "${DEFAULT_CALL_HOME_SCHEDULE}".`),
});

export const usageMeter = z.object({
  callHomeClient: callHomeClient.optional().describe('The call home client CronJob.'),
});
