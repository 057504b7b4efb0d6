// The reference data as files: I/O, for the apps. Pure code imports @atalaya/reference instead.
export { loadReference } from './reference.loader';
