// validate.mjs — SHACL validation of RDF files with rdf-validate-shacl.
//
// usage: node validate.mjs SHAPES.ttl DATA...   (DATA: .ttl .nt .nq, or - for
// N-Triples on stdin). All DATA files go into one dataset, named graphs and
// all. Prints "conforms: true|false" and one line per result
// ("severity focus path: message"). Exit 0 conforms, 1 does not conform,
// 2 a file cannot be read or parsed. Used by tests/shacl/run.sh.
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import rdfDataset from '@rdfjs/dataset';
import SHACLValidator from 'rdf-validate-shacl';

const formats = { ttl: 'text/turtle', nt: 'application/n-triples', nq: 'application/n-quads' };

function load(paths) {
  const ds = rdfDataset.dataset();
  for (const p of paths) {
    const ext = p === '-' ? 'nt' : p.split('.').pop();
    const format = formats[ext];
    if (!format) throw new Error(`${p}: unknown RDF format (use .ttl .nt .nq)`);
    const text = readFileSync(p === '-' ? 0 : p, 'utf8');
    for (const q of new Parser({ format, baseIRI: 'file://' + p }).parse(text)) ds.add(q);
  }
  return ds;
}

const [shapesPath, ...dataPaths] = process.argv.slice(2);
if (!shapesPath || !dataPaths.length) {
  console.error('usage: node validate.mjs SHAPES.ttl DATA...');
  process.exit(2);
}
let shapes, data;
try {
  shapes = load([shapesPath]);
  data = load(dataPaths);
} catch (e) {
  console.error(`validate.mjs: ${e.message}`);
  process.exit(2);
}
const report = await new SHACLValidator(shapes).validate(data);
console.log(`conforms: ${report.conforms} (${data.size} quads, ${report.results.length} results)`);
const short = t => (t ? t.value.replace(/^.*[#/]/, '') : '-');
for (const r of report.results.slice(0, 50))
  console.log(`${short(r.severity)} ${r.focusNode?.value} ${r.path ? r.path.value : '-'}: ` +
              `${r.message.map(m => m.value).join('; ') || short(r.sourceConstraintComponent)}`);
process.exit(report.conforms ? 0 : 1);
