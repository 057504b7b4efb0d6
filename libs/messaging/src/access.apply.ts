import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type Admin,
  type AclEntry,
} from 'kafkajs';
import { aclBindings, aclChanges, type AclBinding, type AclOperation, type Principal } from './access-plan';

const RESOURCE: Record<AclBinding['resource'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};
const PATTERN: Record<AclBinding['pattern'], ResourcePatternTypes> = {
  literal: ResourcePatternTypes.LITERAL,
  prefixed: ResourcePatternTypes.PREFIXED,
};
const OPERATION: Record<AclOperation, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Describe: AclOperationTypes.DESCRIBE,
  Create: AclOperationTypes.CREATE,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
};

const invert = <K extends string, V>(record: Record<K, V>) =>
  new Map(Object.entries(record).map(([k, v]) => [v as V, k as K]));
const RESOURCE_NAME = invert(RESOURCE);
const PATTERN_NAME = invert(PATTERN);
const OPERATION_NAME = invert(OPERATION);

function entry(b: AclBinding): AclEntry {
  return {
    resourceType: RESOURCE[b.resource],
    resourceName: b.name,
    resourcePatternType: PATTERN[b.pattern],
    principal: b.principal,
    host: '*',
    operation: OPERATION[b.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** The broker's allowing ACLs that the plan's vocabulary can say; others (and denials) are never touched. */
async function existingBindings(admin: Admin): Promise<AclBinding[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return resources.flatMap((r) =>
    r.acls.flatMap((acl): AclBinding[] => {
      const resource = RESOURCE_NAME.get(r.resourceType);
      const pattern = PATTERN_NAME.get(r.resourcePatternType);
      const operation = OPERATION_NAME.get(acl.operation);
      if (!resource || !pattern || !operation || acl.host !== '*') return [];
      return [{ principal: acl.principal, resource, name: r.resourceName, pattern, operation }];
    }),
  );
}

/**
 * Makes the broker's ACLs those of the access plan: creates what is missing, deletes what the plan no
 * longer grants its principals. Needs a principal allowed to alter ACLs (the broker's `admin`).
 */
export async function applyAccessPlan(
  admin: Admin,
  principals: readonly Principal[],
): Promise<{ created: number; removed: number; total: number }> {
  const wanted = aclBindings(principals);
  const { create, remove } = aclChanges(wanted, await existingBindings(admin));
  if (create.length > 0) await admin.createAcls({ acl: create.map(entry) });
  if (remove.length > 0) await admin.deleteAcls({ filters: remove.map(entry) });
  return { created: create.length, removed: remove.length, total: wanted.length };
}
