/**
 * `upgradeSpec.autoUpgradeRedisEnterprise`: whether the nodes move to the Redis Enterprise version
 * a new release of this package (the official operator: a new operator) brings by default. Without
 * it, a running cluster keeps the version it runs until `redisEnterpriseImageSpec.versionTag` says
 * otherwise, as the official upgrade guide describes.
 */
import { z } from 'zod';

export const upgradeSpec = z.object({
  autoUpgradeRedisEnterprise: z
    .boolean()
    .describe(
      "Move a running cluster to this release's default Redis Enterprise version. Off: it keeps the version it runs until redisEnterpriseImageSpec.versionTag changes.",
    ),
});
