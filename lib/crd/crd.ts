/**
 * The RedisEnterpriseCluster CRD, generated from the spec schema: names and printer columns as the
 * official CRD has them, a structural schema, and our rules as CEL so the API server refuses an
 * invalid REC or a refused edit at admission, with the messages `rec-cdk8s validate` prints.
 */
import { clusterSpecSchema } from '../spec/schema.js';
import { editRules } from '../spec/edit-rules.js';
import {
  CLUSTER_NAME_CEL,
  CLUSTER_NAME_CEL_MESSAGE_EXPRESSION,
  GROUP,
  KIND,
  LIST_KIND,
  PLURAL,
  SHORT_NAMES,
  SINGULAR,
  STORAGE_VERSION,
  VERSIONS,
} from '../spec/manifest.js';
import { toStructural, type JsonSchemaProps } from './openapi.js';
import { statusSchema } from './status-schema.js';
import { APP_LABEL, APP_LABEL_VALUE } from '../names.js';

export const CRD_NAME = `${PLURAL}.${GROUP}`;

/** The official CRD's printer columns, so `kubectl get rec` reads the same with either controller. */
const PRINTER_COLUMNS = [
  { name: 'Nodes', type: 'string', jsonPath: '.spec.nodes' },
  { name: 'Shards', type: 'string', jsonPath: '.status.licenseStatus.shardsUsage' },
  { name: 'Version', type: 'string', jsonPath: '.spec.redisEnterpriseImageSpec.versionTag' },
  { name: 'State', type: 'string', jsonPath: '.status.state' },
  { name: 'Spec Status', type: 'string', jsonPath: '.status.specStatus' },
  { name: 'License State', type: 'string', jsonPath: '.status.licenseStatus.licenseState' },
  { name: 'License Expiration Date', type: 'string', jsonPath: '.status.licenseStatus.expirationDate' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

/** The spec's structural schema with the edit rules attached as transition rules. */
function specSchema(): JsonSchemaProps {
  const spec = toStructural(clusterSpecSchema);
  const transitions = editRules.map((rule) => ({
    rule: rule.cel,
    ...(rule.celMessageExpression ? { messageExpression: rule.celMessageExpression } : { message: rule.message() }),
    fieldPath: rule.path.map((p) => `.${p}`).join(''),
  }));
  return {
    ...spec,
    description: 'The desired Redis Enterprise cluster.',
    'x-kubernetes-validations': [...(spec['x-kubernetes-validations'] ?? []), ...transitions],
  };
}

export function openApiSchema(): JsonSchemaProps {
  return {
    type: 'object',
    description: 'A Redis Enterprise cluster on Kubernetes.',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      // Declared so the root CEL rule may point at metadata.name (the only metadata field a CRD may constrain).
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 253 } } },
      spec: specSchema(),
      status: statusSchema(),
    },
    'x-kubernetes-validations': [
      { rule: CLUSTER_NAME_CEL, messageExpression: CLUSTER_NAME_CEL_MESSAGE_EXPRESSION, fieldPath: '.metadata.name' },
    ],
  };
}

/**
 * A CustomResourceDefinition as it goes to the API. (A type alias, not an interface, so it is
 * also a cdk8s `ApiObjectProps`; the schema is typed by ours, whose keys are the API's.)
 */
export type CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames: string[] };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: { name: string; type: string; jsonPath: string }[];
      schema: { openAPIV3Schema: JsonSchemaProps };
    }[];
  };
};

/** The CRD as a plain object, ready for YAML or the API. */
export function clusterCrd(): CustomResourceDefinition {
  const schema = openApiSchema();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: CRD_NAME, labels: { [APP_LABEL]: APP_LABEL_VALUE } },
    spec: {
      group: GROUP,
      names: { kind: KIND, listKind: LIST_KIND, plural: PLURAL, singular: SINGULAR, shortNames: [...SHORT_NAMES] },
      scope: 'Namespaced',
      versions: VERSIONS.map((name) => ({
        name,
        served: true,
        storage: name === STORAGE_VERSION,
        subresources: { status: {} },
        additionalPrinterColumns: PRINTER_COLUMNS,
        schema: { openAPIV3Schema: schema },
      })),
    },
  };
}
