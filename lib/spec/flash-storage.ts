/**
 * `redisOnFlashSpec` (Redis Flex, formerly Redis on Flash): a flash volume claim per node, from
 * `storageClassName` and `flashDiskSize`. `bigStoreDriver` and `flashStorageEngine` configure
 * Redis Enterprise itself (through its REST API, by the official operator) and change no object.
 */
import { z } from 'zod';
import { storageClassName, storageSize } from './kubernetes-types.js';
import { withRules } from './rule.js';

export const redisOnFlashSpec = withRules(
  z.object({
    enabled: z
      .boolean()
      .describe('Give every node a flash volume claim, so the cluster can create Redis Flex databases.'),
    flashStorageEngine: z
      .enum(['rocksdb'])
      .optional()
      .describe('Deprecated: use bigStoreDriver. Configures Redis Enterprise; not acted on.'),
    storageClassName: storageClassName.describe(
      'StorageClass of the flash volume claims (locally attached SSDs); empty means the cluster default.',
    ),
    flashDiskSize: storageSize.optional().describe('Size of each flash volume claim; required when enabled.'),
    bigStoreDriver: z
      .enum(['rocksdb', 'speedb'])
      .optional()
      .describe('Flash storage driver of Redis Enterprise; configures Redis Enterprise, not acted on.'),
  }),
  [
    {
      path: ['flashDiskSize'],
      holds: (v) => !v.enabled || v.flashDiskSize !== undefined,
      message: () => 'is required when enabled: the flash volume claim of each node needs a size such as 100G',
      cel: '!self.enabled || has(self.flashDiskSize)',
    },
  ],
);

/** The fields below `redisOnFlashSpec` that configure Redis Enterprise only. */
export const FLASH_REDIS_ENTERPRISE_FIELDS = ['bigStoreDriver', 'flashStorageEngine'] as const;
