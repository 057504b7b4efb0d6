// The routing catalogue as files: I/O, for the apps. Pure code imports @atalaya/routing instead.
export {
  loadCatalogueRouting,
  loadRoutingFiles,
  routingPathsIn,
  type RoutingFiles,
  type RoutingPaths,
} from './routing.loader';
