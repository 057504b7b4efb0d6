import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadReference } from '@atalaya/reference/files';
import { parseCatalogue } from '@atalaya/triggers';
import { RoutingCatalogueError } from '../catalogue/routing.schema';
import {
  recipientChangeProblems,
  routingConfigWith,
  withRecipientChanges,
  type RecipientChange,
} from '../recipients/recipient.changes';
import { recipientSchema } from '../recipients/recipient.schema';
import { loadRoutingFiles, routingPathsIn } from './routing.loader';

const dir = join(__dirname, '../../../../deploy/catalogue');
const reference = loadReference(dir);
const catalogue = parseCatalogue(
  readFileSync(join(dir, 'triggers.yaml'), 'utf8'),
  'triggers.yaml',
  reference,
);
const files = loadRoutingFiles(routingPathsIn(dir), reference, catalogue);
const against = { ...reference, triggers: catalogue.triggers };
const ids = (changes: readonly RecipientChange[]) =>
  withRecipientChanges(files.routing, changes).recipients.map((r) => r.id);
const pan = files.routing.recipients.find((r) => r.id === 'ops_pan')!;
const newcomer = recipientSchema.parse({
  id: 'ifrc',
  name: 'IFRC Americas',
  kind: 'partner',
  languages: ['es', 'en'],
  channels: [{ type: 'email', to: ['americas@ifrc.example.org'] }],
});

describe('recipient changes over recipients.yaml', () => {
  it('replaces a recipient in place, adds a new one at the end and drops a removed one', () => {
    const before = ids([]);
    const english = { ...pan, languages: ['en' as const] };
    const changed = withRecipientChanges(files.routing, [{ id: 'ops_pan', definition: english }]);
    expect(changed.recipients.map((r) => r.id)).toEqual(before);
    expect(changed.recipients.find((r) => r.id === 'ops_pan')?.languages).toEqual(['en']);
    expect(ids([{ id: 'ifrc', definition: newcomer }])).toEqual([...before, 'ifrc']);
    expect(ids([{ id: 'ops_pan', definition: null }])).toEqual(before.filter((id) => id !== 'ops_pan'));
    expect(ids([{ id: 'nobody', definition: null }])).toEqual(before);
  });

  it('lets a change go that the routes, escalations and protocols still work with', () => {
    expect(
      recipientChangeProblems(
        files.routing,
        files.responses,
        [{ id: 'ifrc', definition: newcomer }],
        against,
      ),
    ).toEqual([]);
    const config = routingConfigWith(files, [{ id: 'ifrc', definition: newcomer }], against, catalogue);
    expect(config.recipients.get('ifrc')?.name).toBe('IFRC Americas');
  });

  it('refuses to remove a recipient that routes, escalations or protocols still name, saying where', () => {
    const problems = recipientChangeProblems(
      files.routing,
      files.responses,
      [{ id: 'iom', definition: null }],
      against,
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.includes('"iom"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('responses.yaml responses.'))).toBe(true);
    expect(() => routingConfigWith(files, [{ id: 'iom', definition: null }], against, catalogue)).toThrow(
      RoutingCatalogueError,
    );
  });

  it('names the recipient at fault when its definition does not fit the reference data', () => {
    const nowhere = { ...pan, id: 'ops_xyz', state: 'XYZ' };
    expect(
      recipientChangeProblems(
        files.routing,
        files.responses,
        [{ id: 'ops_xyz', definition: nowhere }],
        against,
      ),
    ).toEqual(['recipient ops_xyz (state): XYZ is not an endorsing state of reporters.yaml']);
  });
});
