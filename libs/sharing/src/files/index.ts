// The sharing policies as a file: I/O, for the apps. Pure code imports @atalaya/sharing instead.
export { loadSharingPolicies } from './sharing.loader';
export { loadSharingPoliciesFor } from './service.loader';
