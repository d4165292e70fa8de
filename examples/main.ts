/** The example app `npm run synth` runs (see cdk8s.yaml): one YAML file per chart in dist/. */
import { App } from 'cdk8s';
import { ProductionRedisChart } from './production-cluster.js';
import { TeamRedisChart } from './platform-chart.js';
import { RunnerManagedChart } from './runner-managed.js';

const app = new App();
new ProductionRedisChart(app, 'redis-production');
new TeamRedisChart(app, 'team-payments', { team: 'payments' });
new RunnerManagedChart(app, 'redis-staging');
app.synth();
