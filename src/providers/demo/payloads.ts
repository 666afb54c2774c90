// Big, nested tool outputs built in code from a seed: the samples need results of hundreds of
// lines (to exercise folding and virtualised JSON views) but the bundle must stay small.
import { hash32, Rng } from './prng';

const WORDS = (
  'index latency recall throughput shard replica vector filter hybrid benchmark cost memory disk ' +
  'quantisation graph cluster query embedding tenant update batch cache region storage compute'
).split(' ');

function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  const s = out.join(' ');
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
}

/** A web-search response: ranked hits with sources, highlights and extracted entities. */
export function searchResults(query: string, sites: readonly string[], count: number): unknown {
  const rng = new Rng(hash32(query));
  const results = Array.from({ length: count }, (_, i) => {
    const domain = sites[i % sites.length];
    const slug = `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${rng.int(10, 99)}`;
    return {
      rank: i + 1,
      url: `https://${domain}/${slug}`,
      title: `${sentence(rng, 4).slice(0, -1)} — ${domain}`,
      snippet: `${sentence(rng, 14)} ${sentence(rng, 10)}`,
      publishedAt: `2026-0${rng.int(1, 9)}-${String(rng.int(10, 28))}T0${rng.int(0, 9)}:00:00Z`,
      source: { domain, kind: rng.pick(['docs', 'blog', 'paper', 'forum']), authority: Math.round(rng.float() * 100) / 100 },
      highlights: [sentence(rng, 8), sentence(rng, 6)],
      metadata: {
        language: 'en',
        wordCount: rng.int(400, 6000),
        entities: [
          {
            text: rng.pick(['Qdrant', 'pgvector', 'Milvus', 'Weaviate', 'LanceDB']),
            type: 'product',
            salience: Math.round(rng.float() * 1000) / 1000,
          },
          { text: rng.pick(['HNSW', 'IVF-PQ', 'DiskANN', 'ScaNN']), type: 'algorithm', salience: Math.round(rng.float() * 1000) / 1000 },
        ],
      },
    };
  });
  return { query, engine: 'demo-search', tookMs: rng.int(180, 900), totalEstimated: rng.int(20_000, 400_000), results };
}

export interface ColumnSpec {
  name: string;
  type: 'int' | 'float' | 'text' | 'date' | 'bool';
}

/** A table profile as a data tool would return it: per-column stats, histograms and samples. */
export function tableProfile(table: string, rows: number, columns: readonly ColumnSpec[]): unknown {
  const rng = new Rng(hash32(table));
  return {
    table,
    rowCount: rows,
    sizeBytes: rows * rng.int(90, 160),
    partitions: Array.from({ length: 6 }, (_, i) => ({ name: `month=2026-0${i + 4}`, rows: Math.floor(rows / 6) + rng.int(-900, 900) })),
    columns: columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: rng.chance(0.4),
      nullFraction: Math.round(rng.float() * 30) / 1000,
      distinct: c.type === 'bool' ? 2 : rng.int(12, rows),
      stats:
        c.type === 'int' || c.type === 'float'
          ? { min: 0, max: rng.int(100, 50_000), mean: Math.round(rng.float() * 5000) / 10, p50: rng.int(10, 900), p95: rng.int(900, 9000) }
          : { minLength: rng.int(1, 4), maxLength: rng.int(8, 64) },
      histogram: Array.from({ length: 5 }, (_, i) => ({ bucket: i, count: rng.int(100, rows / 5) })),
    })),
  };
}
