/**
 * The objects of outside access, synthesized without a cluster: ingressOrRouteSpec (and the older
 * activeActive) by method, the per-node LoadBalancer Services of ossClusterSettings, the IP family
 * of every Service, and the UI Service that cmServer disabled removes. What the spec resolves to
 * (lib/spec/external-access.ts) is what the status reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App, Chart } from 'cdk8s';
import { RedisEnterpriseCluster } from '../../constructs/redis-enterprise-cluster.js';
import { renderClusterManifest, type KubernetesObject } from '../../lib/render.js';
import { parseSpec } from '../../lib/spec/validate.js';
import { ingressOrRouteMethod, nodeLoadBalancers } from '../../lib/spec/external-access.js';
import { NOT_ACTED_ON_FIELDS } from '../../lib/spec/not-acted-on.js';

type Obj = KubernetesObject & { spec?: any };

function render(spec: Record<string, unknown>, name = 'rec'): Obj[] {
  return renderClusterManifest({
    apiVersion: 'app.redislabs.com/v1',
    kind: 'RedisEnterpriseCluster',
    metadata: { name, namespace: 'redis' },
    spec,
  }).objects;
}

const ids = (objects: Obj[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
const ofKind = (objects: Obj[], ...kinds: string[]) => objects.filter((o) => kinds.includes(o.kind));
const one = (objects: Obj[], kind: string): Obj => {
  const found = ofKind(objects, kind);
  assert.equal(found.length, 1, `one ${kind} (have: ${ids(objects).join(', ')})`);
  return found[0]!;
};
const parsed = (spec: Record<string, unknown>) => {
  const result = parseSpec(spec);
  assert.deepEqual(result.errors, []);
  return result.spec!;
};

const OUTSIDE_KINDS = ['Ingress', 'Gateway', 'VirtualService', 'Route'];
const api = { apiFqdnUrl: 'api-rec-redis.example.com', dbFqdnSuffix: '-db-rec-redis.example.com' };
const LABELS = { app: 'redis-enterprise', 'redis.io/cluster': 'rec' };

test('no ingressOrRouteSpec: no Ingress, Gateway, VirtualService or Route', () => {
  assert.deepEqual(ids(ofKind(render({}), ...OUTSIDE_KINDS)), []);
});

test('method ingress: one Ingress <rec>, the API host to the <rec> Service port 9443, with ingressAnnotations only', () => {
  const annotations = {
    'kubernetes.io/ingress.class': 'nginx',
    'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
  };
  const objects = render({
    services: { servicesAnnotations: { 'example.com/services-only': 'x' } },
    ingressOrRouteSpec: { method: 'ingress', ...api, ingressAnnotations: annotations },
  });
  assert.deepEqual(ids(ofKind(objects, ...OUTSIDE_KINDS)), ['Ingress/rec']);
  const ingress = one(objects, 'Ingress');
  assert.equal(ingress.apiVersion, 'networking.k8s.io/v1');
  assert.equal(ingress.metadata.namespace, 'redis');
  assert.deepEqual(ingress.metadata.labels, LABELS);
  // servicesAnnotations are the Services' own; the Ingress gets exactly what the spec gives it.
  assert.deepEqual(ingress.metadata.annotations, annotations);
  assert.deepEqual(ingress.spec, {
    rules: [
      {
        host: 'api-rec-redis.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'rec', port: { number: 9443 } } } }],
        },
      },
    ],
  });
});

test('activeActive, the older form, makes the same Ingress from apiIngressUrl', () => {
  const objects = render({
    activeActive: { method: 'ingress', apiIngressUrl: 'api-aa.example.com', dbIngressSuffix: '-db-aa.example.com' },
  });
  const ingress = one(objects, 'Ingress');
  assert.equal(ingress.metadata.annotations, undefined, 'no annotations when none are given');
  assert.equal(ingress.spec.rules[0].host, 'api-aa.example.com');
  assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, 'rec');
});

test('method istio: Gateway <rec> accepting the API and every database host, VirtualService <rec> routing the API by SNI', () => {
  const objects = render({
    ingressOrRouteSpec: {
      method: 'istio',
      apiFqdnUrl: 'api.istio.example.com',
      dbFqdnSuffix: '.istio.example.com',
      ingressAnnotations: { 'example.com/owner': 'platform' },
    },
  });
  assert.deepEqual(ids(ofKind(objects, ...OUTSIDE_KINDS)), ['Gateway/rec', 'VirtualService/rec']);
  const gateway = one(objects, 'Gateway');
  assert.equal(gateway.apiVersion, 'networking.istio.io/v1beta1');
  assert.deepEqual(gateway.metadata.annotations, { 'example.com/owner': 'platform' });
  assert.deepEqual(gateway.spec, {
    selector: { istio: 'ingress' },
    servers: [
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['api.istio.example.com', '*.istio.example.com'],
        tls: { mode: 'PASSTHROUGH' },
      },
    ],
  });
  const virtualService = one(objects, 'VirtualService');
  assert.equal(virtualService.apiVersion, 'networking.istio.io/v1beta1');
  assert.deepEqual(virtualService.metadata.labels, LABELS);
  assert.deepEqual(virtualService.spec, {
    hosts: ['api.istio.example.com'],
    gateways: ['rec'],
    tls: [
      {
        match: [{ port: 443, sniHosts: ['api.istio.example.com'] }],
        route: [{ destination: { host: 'rec', port: { number: 9443 } } }],
      },
    ],
  });
});

test('the Istio ingress gateway the Gateway configures: istio=ingress, or the construct prop', () => {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'redis' });
  const rec = new RedisEnterpriseCluster(chart, 'rec', {
    spec: { ingressOrRouteSpec: { method: 'istio', ...api } },
    istioGatewaySelector: { istio: 'ingressgateway' },
  });
  assert.deepEqual(rec.istioGateway?.gateway.toJson().spec.selector, { istio: 'ingressgateway' });
  assert.ok(rec.istioVirtualService, 'with its VirtualService');
  assert.equal(rec.restApiIngress, undefined);
  const rendered = renderClusterManifest(
    {
      apiVersion: 'app.redislabs.com/v1',
      kind: 'RedisEnterpriseCluster',
      metadata: { name: 'rec' },
      spec: { ingressOrRouteSpec: { method: 'istio', ...api } },
    },
    { istioGatewaySelector: { app: 'gw', istio: 'edge' } },
  ).objects;
  assert.deepEqual(one(rendered, 'Gateway').spec.selector, { app: 'gw', istio: 'edge' });
});

test('method openShiftRoute: Route <rec> to the <rec> Service port 9443, TLS passed through, plain HTTP refused', () => {
  const objects = render({ ingressOrRouteSpec: { method: 'openShiftRoute', ...api } });
  assert.deepEqual(ids(ofKind(objects, ...OUTSIDE_KINDS)), ['Route/rec']);
  const route = one(objects, 'Route');
  assert.equal(route.apiVersion, 'route.openshift.io/v1');
  assert.deepEqual(route.spec, {
    host: 'api-rec-redis.example.com',
    to: { kind: 'Service', name: 'rec' },
    port: { targetPort: 9443 },
    tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'None' },
  });
});

test('ingressOrRouteMethod (the status field): from either field, undefined without one', () => {
  assert.equal(ingressOrRouteMethod(parsed({ ingressOrRouteSpec: { method: 'istio', ...api } })), 'istio');
  assert.equal(
    ingressOrRouteMethod(
      parsed({ activeActive: { method: 'openShiftRoute', apiIngressUrl: 'a.example.com', dbIngressSuffix: '.b' } }),
    ),
    'openShiftRoute',
  );
  assert.equal(ingressOrRouteMethod(parsed({})), undefined);
});

test('ossClusterSettings LoadBalancer: a LoadBalancer Service <rec>-<n>-lb per node pod, selecting that pod only', () => {
  const objects = render({
    nodes: 5,
    services: { servicesAnnotations: { 'example.com/team': 'payments', 'example.com/both': 'services' } },
    ossClusterSettings: {
      externalAccessType: 'LoadBalancer',
      loadBalancer: { serviceAnnotations: { 'example.com/both': 'lb', 'example.com/lb': 'yes' } },
    },
  });
  const lbs = objects.filter((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer');
  assert.deepEqual(ids(lbs), [
    'Service/rec-0-lb',
    'Service/rec-1-lb',
    'Service/rec-2-lb',
    'Service/rec-3-lb',
    'Service/rec-4-lb',
  ]);
  lbs.forEach((lb, n) => {
    assert.deepEqual(lb.spec.selector, { 'redis.io/cluster': 'rec', 'statefulset.kubernetes.io/pod-name': `rec-${n}` });
    assert.deepEqual(lb.spec.ports, [{ name: 'sentinel', port: 8001, targetPort: 8001, protocol: 'TCP' }]);
    // The doc: serviceAnnotations "are merged with" servicesAnnotations; the LoadBalancer's win.
    assert.deepEqual(lb.metadata.annotations, {
      'example.com/team': 'payments',
      'example.com/both': 'lb',
      'example.com/lb': 'yes',
    });
    assert.equal(lb.spec.externalTrafficPolicy, 'Cluster', 'Cluster without podCIDRs');
    assert.deepEqual(lb.metadata.labels, LABELS);
  });
});

test('ossClusterSettings: externalTrafficPolicy Local by default with podCIDRs, as set otherwise; Disabled or unset: no Service', () => {
  const policy = (settings: Record<string, unknown>) => nodeLoadBalancers(parsed({ ossClusterSettings: settings }));
  assert.equal(
    policy({ externalAccessType: 'LoadBalancer', podCIDRs: ['10.0.0.0/8'] })?.externalTrafficPolicy,
    'Local',
  );
  assert.equal(
    policy({
      externalAccessType: 'LoadBalancer',
      podCIDRs: ['10.0.0.0/8'],
      loadBalancer: { externalTrafficPolicy: 'Cluster' },
    })?.externalTrafficPolicy,
    'Cluster',
  );
  assert.equal(policy({ externalAccessType: 'Disabled' }), undefined);
  assert.equal(policy({ podCIDRs: ['10.0.0.0/8'] }), undefined);
  const services = (spec: Record<string, unknown>) => ofKind(render(spec), 'Service').length;
  assert.equal(services({ ossClusterSettings: { externalAccessType: 'Disabled' } }), services({}));
});

test('redisEnterpriseIPFamily: every Service of the cluster is single stack in that family; unset, none says', () => {
  const objects = render({
    redisEnterpriseIPFamily: 'IPv6',
    serviceBrokerSpec: { enabled: true },
    ossClusterSettings: { externalAccessType: 'LoadBalancer' },
  });
  const services = ofKind(objects, 'Service');
  assert.deepEqual(ids(services), [
    'Service/rec-headless',
    'Service/rec',
    'Service/rec-ui',
    'Service/rec-prom',
    'Service/rec-0-lb',
    'Service/rec-1-lb',
    'Service/rec-2-lb',
    'Service/rec-service-broker',
  ]);
  for (const service of services) {
    assert.equal(service.spec.ipFamilyPolicy, 'SingleStack', service.metadata.name);
    assert.deepEqual(service.spec.ipFamilies, ['IPv6'], service.metadata.name);
  }
  for (const service of ofKind(render({}), 'Service')) {
    assert.equal(service.spec.ipFamilies, undefined, `${service.metadata.name}: the cluster's default family`);
    assert.equal(service.spec.ipFamilyPolicy, undefined);
  }
});

test('cmServer disabled: no UI Service; enabled or unset: the UI Service', () => {
  const ui = (spec: Record<string, unknown>) => ids(render(spec)).includes('Service/rec-ui');
  assert.equal(ui({ redisEnterpriseServicesConfiguration: { cmServer: { operatingMode: 'disabled' } } }), false);
  assert.equal(ui({ redisEnterpriseServicesConfiguration: { cmServer: { operatingMode: 'enabled' } } }), true);
  assert.equal(ui({ redisEnterpriseServicesConfiguration: { mdnsServer: { operatingMode: 'disabled' } } }), true);
  assert.equal(ui({}), true);
});

test('warnings: the fields acted on here are not reported as not acted on; the other Redis Enterprise services are', () => {
  for (const field of [
    'ingressOrRouteSpec',
    'activeActive',
    'redisEnterpriseIPFamily',
    'ossClusterSettings',
    'redisEnterpriseServicesConfiguration',
  ])
    assert.ok(!(NOT_ACTED_ON_FIELDS as readonly string[]).includes(field), field);
  const { warnings } = parseSpec({
    ingressOrRouteSpec: { method: 'ingress', ...api },
    redisEnterpriseIPFamily: 'IPv4',
    ossClusterSettings: { externalAccessType: 'LoadBalancer' },
    redisEnterpriseServicesConfiguration: {
      cmServer: { operatingMode: 'disabled' },
      mdnsServer: { operatingMode: 'disabled' },
      crdbWorker: { operatingMode: 'enabled' },
    },
  });
  assert.deepEqual(warnings.map((w) => `${w.path}: ${w.message}`).sort(), [
    'spec.redisEnterpriseServicesConfiguration.crdbWorker: accepted but not acted on (a Redis Enterprise service the official operator switches through its REST API, which this project does not call)',
    'spec.redisEnterpriseServicesConfiguration.mdnsServer: accepted but not acted on (a Redis Enterprise service the official operator switches through its REST API, which this project does not call)',
  ]);
});

test('the annotations of the per-node LoadBalancer Services count against the 256 KiB of one object', () => {
  const big = 'x'.repeat(140_000);
  const result = parseSpec({
    services: { servicesAnnotations: { 'example.com/a': big } },
    ossClusterSettings: {
      externalAccessType: 'LoadBalancer',
      loadBalancer: { serviceAnnotations: { 'example.com/b': big } },
    },
  });
  assert.deepEqual(
    result.errors.map((e) => e.path),
    ['spec.ossClusterSettings'],
  );
  assert.match(result.errors[0]!.message, /each per-node LoadBalancer Service/);
});
