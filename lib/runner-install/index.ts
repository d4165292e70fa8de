export { installManifests, INSTALL_KIND_ORDER, type InstallManifestsOptions } from './install-manifests.js';
