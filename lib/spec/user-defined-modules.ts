/**
 * `userDefinedModules`: modules Redis Enterprise downloads and installs on every node. The download
 * and the install are the official operator's work through Redis Enterprise's REST API (not built
 * here); the Kubernetes effect its doc names, "changing this field for a running cluster will
 * trigger a rolling update", is: the node pods carry a hash of the list (lib/names.ts).
 */
import { z } from 'zod';
import { objectName, text } from './kubernetes-types.js';
import { withRules } from './rule.js';
import { MAX_MODULES, MAX_TEXT } from './bounds.js';

function source(scheme: 'http' | 'https') {
  return z.object({
    url: withRules(text(MAX_TEXT, 1), [
      {
        holds: (v) => v.startsWith(`${scheme}://`),
        message: () => `must be a URL starting with ${scheme}://`,
        got: (v) => v,
        cel: `self.startsWith('${scheme}://')`,
      },
    ]).describe(`Where the module is downloaded from (${scheme}://).`),
    credentialsSecret: objectName('Secret')
      .optional()
      .describe('Secret with the keys username and password for the download.'),
  });
}

const moduleSource = withRules(
  z.object({
    http: source('http').optional().describe('Download over HTTP.'),
    https: source('https').optional().describe('Download over HTTPS.'),
  }),
  [
    {
      holds: (v) => (v.http === undefined) !== (v.https === undefined),
      message: () => 'must name exactly one of http and https',
      cel: 'has(self.http) != has(self.https)',
    },
  ],
);

const userDefinedModule = z.object({
  name: text(MAX_TEXT, 1).describe('Name of the module.'),
  source: moduleSource.describe('Where the module is downloaded from.'),
});

export const userDefinedModules = withRules(z.array(userDefinedModule).max(MAX_MODULES), [
  {
    holds: (v) => new Set(v.map((m) => m.name)).size === v.length,
    message: () => 'module names must be unique',
    got: (v) => v.map((m) => m.name).find((n, i, all) => all.indexOf(n) !== i),
    cel: 'self.all(m, self.exists_one(n, n.name == m.name))',
  },
]);
