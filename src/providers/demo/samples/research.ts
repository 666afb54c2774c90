// "Research Assistant": searches the web, reads pages through a sub-agent and writes summaries.
// Shows nested tool calls, a search result hundreds of lines long, a markdown table, reasoning at
// several efforts, an interrupted answer, and text in many scripts.
import type { Agent, Session } from '../../../model';
import { SessionBuilder } from '../builder';
import { searchResults } from '../payloads';

export const researchAgent: Agent = {
  id: 'research-assistant',
  name: 'Research Assistant',
  description: 'Searches the web, reads sources and writes cited summaries.',
  model: 'gpt-4.1',
  type: 'agent',
};

const base = { agentId: researchAgent.id, agentName: researchAgent.name, model: 'gpt-4.1' as const };

function vectorDatabases(): Session {
  const s = new SessionBuilder({
    ...base,
    slug: 'research/vector-databases',
    title: 'Vector database options for 10M documents',
    start: '2026-11-18T14:05:12.000Z',
    metadata: { channel: 'web', user: 'maya.okafor@example.com', channelId: 'web-console' },
  });
  s.run({ title: 'Compare the options', reportTotals: true }, (r) => {
    r.user(
      'We need to pick a vector database for ~10M support documents (about 40 GB of text, 1536-dim embeddings). ' +
        'Compare the main options on recall, p95 latency, monthly cost and ops burden, and recommend one.',
    );
    r.reasoning(
      'Four criteria, one recommendation. Recent benchmarks first (numbers age fast), then read the three most ' +
        'relevant pages in depth with the reader sub-agent, then put everything in one table with sources.',
      { effort: 'medium' },
    );
    const search = r.toolCall('web_search', {
      query: 'vector database benchmark 10M vectors recall p95 latency 2026',
      top_k: 30,
      freshness: 'year',
    });
    r.toolResult(
      search,
      searchResults(
        'vector database benchmark 10M vectors recall p95 latency 2026',
        ['qdrant.tech', 'github.com', 'arxiv.org', 'supabase.com', 'milvus.io', 'news.ycombinator.com'],
        30,
      ),
      { latencyMs: 1240 },
    );
    const reader = r.toolCall(
      'delegate_reader',
      { task: 'Extract recall@10, p95 latency and hardware from the top three benchmark pages', urls: 3 },
      { toolType: 'agent' },
    );
    const pages = [
      ['https://qdrant.tech/benchmarks/2026-10', { recallAt10: 0.991, p95Ms: 6.2, hardware: '8 vCPU / 32 GB', index: 'HNSW m=16 ef=128' }],
      [
        'https://github.com/pgvector/pgvector/discussions/742',
        { recallAt10: 0.982, p95Ms: 11.8, hardware: 'db.r6g.2xlarge', index: 'HNSW m=16 ef_search=100' },
      ],
    ] as const;
    for (const [url, extracted] of pages) {
      const fetch = r.toolCall('fetch_page', { url, extract: ['recall', 'latency', 'hardware'] }, { parent: reader });
      r.toolResult(fetch, { url, status: 200, contentType: 'text/html', extracted }, { parent: reader, latencyMs: 860 });
    }
    const blocked = r.toolCall('fetch_page', { url: 'https://www.example-analyst.com/reports/vector-db-2026.pdf' }, { parent: reader });
    r.toolResult(
      blocked,
      {
        url: 'https://www.example-analyst.com/reports/vector-db-2026.pdf',
        status: 403,
        error: 'Forbidden: the report requires a subscription',
      },
      { parent: reader, isError: true, latencyMs: 310 },
    );
    r.toolResult(
      reader,
      { pagesRead: 2, pagesFailed: 1, notes: 'Analyst report is paywalled; used the two public benchmarks.' },
      { latencyMs: 90 },
    );
    r.assistant(
      [
        '## Recommendation: **Qdrant** (self-hosted), with pgvector as the low-ops fallback',
        '',
        '| Option | Recall@10 | p95 latency | Est. monthly cost | Ops burden |',
        '| --- | ---: | ---: | ---: | --- |',
        '| Qdrant (3 nodes) | 0.991 | 6.2 ms | ~$1,150 | medium |',
        '| pgvector on RDS | 0.982 | 11.8 ms | ~$780 | low (already run Postgres) |',
        '| Managed Pinecone | ~0.99 | ~8 ms | ~$2,400 | none |',
        '',
        'Why Qdrant:',
        '1. Highest recall in both public benchmarks at this scale.',
        '2. Payload filters (product, language) run inside the HNSW search, not after it.',
        '3. Scalar quantisation brings 10M × 1536 floats from ~61 GB down to ~15 GB of RAM.',
        '',
        'A starting collection config:',
        '',
        '```json',
        '{ "vectors": { "size": 1536, "distance": "Cosine" },',
        '  "hnsw_config": { "m": 16, "ef_construct": 128 },',
        '  "quantization_config": { "scalar": { "type": "int8", "always_ram": true } } }',
        '```',
        '',
        '> The analyst report I wanted to cross-check is paywalled (HTTP 403), so the latency figures come from vendor-run benchmarks only.',
      ].join('\n'),
    );
  });
  s.run({ title: 'pgvector cost', reportTotals: true }, (r) => {
    r.user('What would pgvector cost us on the Postgres we already have? It is a db.r6g.2xlarge with 30% headroom.');
    r.reasoning('Compare memory for the index with the instance RAM; the rest is storage.', { effort: 'low' });
    const calc = r.toolCall('calculator', { expression: '10e6 * 1536 * 4 / 2**30 * 1.3' });
    r.toolResult(calc, { value: 74.39, unit: 'GiB' }, { latencyMs: 12 });
    r.assistant(
      'The HNSW index needs about **74 GiB** (vectors plus ~30% graph overhead), but a db.r6g.2xlarge has 64 GiB.\n\n' +
        '- With `halfvec` (16-bit) storage it drops to ~37 GiB and fits, at a recall cost of about 0.002.\n' +
        '- Otherwise move to a db.r6g.4xlarge: roughly **+$590/month** on-demand.\n\n' +
        'Either way, build the index `CONCURRENTLY` outside business hours: it takes 2–3 hours at this size.',
    );
  });
  return s.build();
}

function speculativeDecoding(): Session {
  const s = new SessionBuilder({
    ...base,
    slug: 'research/speculative-decoding',
    title: 'Summarise three papers on speculative decoding',
    start: '2026-11-09T09:41:03.000Z',
    model: 'o4-mini',
    metadata: { channel: 'slack', user: 'tomas.berg', channelId: 'slack-ml-reading-group', externalSessionId: 'C07ML/1731145263.001' },
  });
  s.run({ title: 'Summaries', status: 'cancelled' }, (r) => {
    r.user(
      'Summarise the three most-cited 2026 papers on speculative decoding for our reading group: one paragraph each, then what they disagree on.',
    );
    r.reasoning(
      'Need citation counts, so search the paper index rather than the web. Then for each paper: the draft model setup, ' +
        'the acceptance rate they report and the speed-up on which hardware. The disagreement is likely about whether a ' +
        'separate draft model is worth it versus self-speculation (early-exit heads). I should be careful to not mix up ' +
        'wall-clock speed-ups with tokens-per-step figures, the papers report different things.',
      { effort: 'high' },
    );
    const search = r.toolCall('paper_search', { query: 'speculative decoding', year: 2026, sort: 'citations', limit: 3 });
    r.toolResult(search, {
      papers: [
        { id: 'arXiv:2602.01234', title: 'Draft Less, Accept More: Adaptive Speculation Lengths', citations: 412 },
        { id: 'arXiv:2603.04567', title: 'Self-Speculative Decoding with Layer-Skipping Drafts', citations: 377 },
        { id: 'arXiv:2605.08910', title: 'Speculation at Scale: Batched Verification on Commodity GPUs', citations: 254 },
      ],
    });
    r.assistant(
      '**1. Draft Less, Accept More** (412 citations). Instead of a fixed number of draft tokens, the draft model keeps ' +
        'proposing while its own confidence stays above a learned threshold. On Llama-class 70B targets this lifts the mean ' +
        'accepted length from 3.1 to 4.6 tokens and gives a 2.8× wall-clock speed-up on one H100.\n\n' +
        '**2. Self-Speculative Decoding with Layer-Skipping Drafts** (377 citations). No second model at all: the target skips ' +
        'every other layer to draft, then verifies with the full stack. The speed-up is smaller (1.9×) but',
      { interrupted: true },
    );
  });
  s.run({ title: 'TL;DR', reportTotals: true }, (r) => {
    const ask = 'Sorry, hit stop by accident. Just the TL;DR please 🙏';
    r.user(ask);
    r.modelAnswer(
      '- **Adaptive draft length** beats a fixed one: 2.8× faster with a separate draft model.\n' +
        '- **Self-speculation** needs no extra model and gets 1.9×; simpler to deploy.\n' +
        '- **Batched verification** keeps the gains at batch size 32, where the others fall below 1.3×.\n\n' +
        'They disagree on whether a separate draft model is worth its memory: paper 2 says no for anything under 30B parameters.',
      {
        input: [
          { role: 'system', text: `${SYSTEM} Current time: 2026-11-09 09:44.` },
          { role: 'user', text: 'Summarise the three most cited 2026 papers on speculative decoding.' },
          { role: 'assistant', text: '(the interrupted summary above)' },
          { role: 'user', text: ask },
        ],
      },
    );
  });
  // A second recorded request: the prompt grew by the last answer and the new question, and the
  // agent's system prompt carries the time, so the cached prefix broke at its first message
  // ("Compare with previous request" marks it; the prompt-growth tab lists it).
  s.run({ title: 'Reading order', reportTotals: true }, (r) => {
    const ask = 'Which one should the group read first?';
    r.user(ask);
    r.modelAnswer(
      'Paper 2 (self-speculation): it needs no second model, so its idea carries over to the other two and it is the shortest read.',
      {
        input: [
          { role: 'system', text: `${SYSTEM} Current time: 2026-11-09 09:47.` },
          { role: 'user', text: 'Summarise the three most cited 2026 papers on speculative decoding.' },
          { role: 'assistant', text: '(the interrupted summary above)' },
          { role: 'user', text: 'Sorry, hit stop by accident. Just the TL;DR please 🙏' },
          { role: 'assistant', text: '(the TL;DR above)' },
          { role: 'user', text: ask },
        ],
      },
    );
  });
  return s.build();
}

const SYSTEM = 'You are Research Assistant. Cite sources; keep summaries short when asked.';

function releaseNotes(): Session {
  const s = new SessionBuilder({
    ...base,
    slug: 'research/release-notes-i18n',
    title: 'Release notes in six languages 🌍',
    start: '2026-10-27T16:20:45.000Z',
    metadata: { channel: 'web', user: 'レイ (rei.tanaka@example.com)', locale: 'ja-JP' },
  });
  s.run({ title: 'Translate', reportTotals: true }, (r) => {
    r.user(
      'Translate our release headline into Arabic, Hebrew, Japanese, Chinese and Vietnamese: "Search is now 40% faster 🚀". Keep the emoji.',
    );
    const t = r.toolCall('translate', { text: 'Search is now 40% faster 🚀', targets: ['ar', 'he', 'ja', 'zh-Hans', 'vi'] });
    r.toolResult(t, {
      ar: 'البحث أصبح الآن أسرع بنسبة ٤٠٪ 🚀',
      he: 'החיפוש מהיר עכשיו ב־40% 🚀',
      ja: '検索が40%高速になりました 🚀',
      'zh-Hans': '搜索速度现已提升 40% 🚀',
      // Decomposed on purpose (base letters + combining marks), as some editors save it.
      vi: 'Ti\u0300m kie\u0302\u0301m gio\u031b\u0300 nhanh ho\u031bn 40% 🚀',
    });
    r.assistant(
      [
        '| Language | Headline |',
        '| --- | --- |',
        '| العربية (Arabic, RTL) | البحث أصبح الآن أسرع بنسبة ٤٠٪ 🚀 |',
        '| עברית (Hebrew, RTL) | החיפוש מהיר עכשיו ב־40% 🚀 |',
        '| 日本語 | 検索が40%高速になりました 🚀 |',
        '| 简体中文 | 搜索速度现已提升 40% 🚀 |',
        '| Tie\u0302\u0301ng Vie\u0323\u0302t | Ti\u0300m kie\u0302\u0301m gio\u031b\u0300 nhanh ho\u031bn 40% 🚀 |',
        '',
        'Note: the Vietnamese line uses combining diacritics (e.g. `e` + U+0302 + U+0301); normalise to NFC before comparing strings.',
      ].join('\n'),
    );
  });
  s.run({ title: 'Team credit line' }, (r) => {
    r.user('And a credit line for the team: "Built by 👩‍💻👨🏽‍💻 in 東京 and תל אביב". Does the mixed direction render right?');
    r.reasoning('Mixed LTR and RTL in one line: wrap the Hebrew in an isolate so the trailing punctuation stays put.', { effort: 'low' });
    r.assistant(
      'Yes, if the Hebrew city is isolated. Use:\n\n' +
        '`Built by 👩‍💻👨🏽‍💻 in 東京 and \u2067תל אביב\u2069.`\n\n' +
        'The U+2067/U+2069 marks (RIGHT-TO-LEFT ISOLATE … POP DIRECTIONAL ISOLATE) stop the full stop from jumping to the left of "תל אביב". ' +
        'Family emoji such as 👩‍💻 are single graphemes built with zero-width joiners, so count them with `Intl.Segmenter`, not `.length`.',
    );
  });
  return s.build();
}

export function researchSessions(): Session[] {
  return [vectorDatabases(), speculativeDecoding(), releaseNotes()];
}
