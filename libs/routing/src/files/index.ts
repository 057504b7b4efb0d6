// The routing catalogue as files: I/O, for the apps. Pure code imports @atalaya/routing instead.
export { loadRoutingFiles, loadRoutingConfig, type RoutingFiles } from './routing.loader';
