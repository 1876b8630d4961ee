import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import rdf from '@zazuko/env';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { cpsvDocument } from '../../src/exchange/cpsv-ap.js';
import { demoExportRows } from './support.js';

const SHAPES = path.resolve('test/fixtures/cpsv-ap/cpsv-ap-SHACL.ttl');

function dataset(quads: Quad[]) {
  const ds = rdf.dataset();
  for (const q of quads) ds.add(q);
  return ds;
}

describe('CPSV-AP 3.2 JSON-LD export', () => {
  it('the demo catalogue validates against the official SHACL shapes with 0 violations', async () => {
    const rows = demoExportRows();
    const doc = cpsvDocument(rows, {
      baseUrl: 'https://zwfw.example.gov.cn',
      regionCode: '140603',
      regionName: '平鲁区',
    });
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: 'application/n-quads',
    })) as unknown as string;
    const data = dataset(new Parser({ format: 'N-Quads' }).parse(nquads));
    const shapes = dataset(new Parser({ format: 'Turtle' }).parse(fs.readFileSync(SHAPES, 'utf8')));
    const report = await new SHACLValidator(shapes, { factory: rdf }).validate(data);
    const violations = report.results.map(
      (r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(' ')}`,
    );
    assert.deepEqual(violations.slice(0, 10), []);
    assert.equal(report.conforms, true);
    // Every item is there as a typed public service with a Chinese title.
    const services = data.match(null, rdf.ns.rdf.type, rdf.namedNode('http://purl.org/vocab/cpsv#PublicService'));
    assert.equal(services.size, rows.length);
    assert.match(nquads, /"[^"]+"@zh/);
  });

  it('a service without its mandatory description fails the shapes (the check can fail)', async () => {
    const rows = demoExportRows().slice(0, 1);
    const doc = cpsvDocument(rows, {
      baseUrl: 'https://zwfw.example.gov.cn',
      regionCode: '140603',
      regionName: '平鲁区',
    }) as { '@graph': Record<string, unknown>[] };
    for (const node of doc['@graph']) delete node['dct:description'];
    const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: 'application/n-quads',
    })) as unknown as string;
    const shapes = dataset(new Parser({ format: 'Turtle' }).parse(fs.readFileSync(SHAPES, 'utf8')));
    const report = await new SHACLValidator(shapes, { factory: rdf }).validate(
      dataset(new Parser({ format: 'N-Quads' }).parse(nquads)),
    );
    assert.equal(report.conforms, false);
  });
});
