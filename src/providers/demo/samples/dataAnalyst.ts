// "Data Analyst": runs SQL and Python in a sandbox. Shows code with printed output, a failing
// query (tool result with isError), platform errors, a large table profile, and a run whose
// provider-reported totals disagree with the events (the provider counts reasoning as output).
import type { Agent, Session } from '../../../model';
import { SessionBuilder } from '../builder';
import { tableProfile } from '../payloads';

export const dataAnalystAgent: Agent = {
  id: 'data-analyst',
  name: 'Data Analyst',
  description: 'Answers questions about the warehouse with SQL and pandas.',
  model: 'claude-sonnet-4-5',
  type: 'agent',
};

const base = { agentId: dataAnalystAgent.id, agentName: dataAnalystAgent.name, model: 'claude-sonnet-4-5' as const };

const SYSTEM_PROMPT =
  'You are a careful data analyst. Query the `analytics` warehouse read-only. Show the SQL you ran. ' +
  'Never print customer emails or names; aggregate to at least 20 rows per group.';

function churnDrivers(): Session {
  const s = new SessionBuilder({
    ...base,
    slug: 'data/churn-q3',
    title: 'Churn drivers in Q3 subscriptions',
    start: '2026-11-21T10:02:31.000Z',
    metadata: { channel: 'web', user: 'priya.nair@example.com', workspace: 'analytics-prod' },
  });
  s.run({ title: 'Find the table', reportTotals: true }, (r) => {
    r.system(SYSTEM_PROMPT);
    r.user('Which plans churned most in Q3, and is it related to the number of seats?');
    r.reasoning('Start from the subscriptions table: profile it to learn the column names before writing SQL.', { effort: 'low' });
    const profile = r.toolCall('describe_table', { table: 'analytics.subscriptions', include: ['stats', 'histogram', 'partitions'] });
    r.toolResult(
      profile,
      tableProfile('analytics.subscriptions', 1_284_112, [
        { name: 'subscription_id', type: 'text' },
        { name: 'account_id', type: 'text' },
        { name: 'plan', type: 'text' },
        { name: 'seats', type: 'int' },
        { name: 'mrr_usd', type: 'float' },
        { name: 'started_on', type: 'date' },
        { name: 'cancelled_on', type: 'date' },
        { name: 'cancel_reason', type: 'text' },
        { name: 'region', type: 'text' },
        { name: 'is_annual', type: 'bool' },
        { name: 'discount_pct', type: 'float' },
        { name: 'support_tickets_90d', type: 'int' },
      ]),
      { latencyMs: 2210 },
    );
    const bad = r.toolCall('run_sql', {
      query: "SELECT plan, count(*) FROM analytics.subscriptions WHERE churned_at >= '2026-07-01' GROUP BY plan",
    });
    r.toolResult(
      bad,
      {
        error: 'column "churned_at" does not exist',
        hint: 'Perhaps you meant to reference the column "cancelled_on".',
        sqlstate: '42703',
        position: 53,
      },
      { isError: true, latencyMs: 140 },
    );
    r.code(
      'sql',
      [
        'SELECT plan,',
        "       count(*) FILTER (WHERE cancelled_on BETWEEN DATE '2026-07-01' AND DATE '2026-09-30') AS churned,",
        '       count(*) AS active_at_start,',
        "       round(100.0 * count(*) FILTER (WHERE cancelled_on BETWEEN DATE '2026-07-01' AND DATE '2026-09-30') / count(*), 1) AS churn_pct",
        'FROM analytics.subscriptions',
        "WHERE started_on < DATE '2026-07-01' AND (cancelled_on IS NULL OR cancelled_on >= DATE '2026-07-01')",
        'GROUP BY plan',
        'ORDER BY churn_pct DESC;',
      ].join('\n'),
      [
        ' plan       | churned | active_at_start | churn_pct',
        '------------+---------+-----------------+-----------',
        ' starter    |   9 412 |          71 380 |      13.2',
        ' team       |   4 877 |          58 921 |       8.3',
        ' business   |   1 203 |          31 544 |       3.8',
        ' enterprise |      96 |           4 112 |       2.3',
        '(4 rows)',
      ].join('\n'),
      { latencyMs: 3380 },
    );
    r.assistant(
      'Churn falls steadily with plan size: **starter 13.2%**, team 8.3%, business 3.8%, enterprise 2.3%. Next I will check seats within each plan.',
    );
  });
  s.run(
    {
      title: 'Seats vs churn',
      // The platform counts reasoning tokens into its output total; the events keep them apart.
      reportTotals: (reported, computed) => ({
        ...reported,
        tokens: { ...reported.tokens, output: (reported.tokens.output ?? 0) + (computed.tokens.reasoning ?? 0) },
      }),
    },
    (r) => {
      r.user('Yes, go on with seats.');
      r.reasoning(
        'Seats are skewed (most accounts have 1–5), so bucket them instead of a linear fit, then run a logistic ' +
          'regression with plan as a control to see whether seats matter beyond plan.',
        { effort: 'medium' },
      );
      r.error('rate_limited', 'The model provider returned 429 Too Many Requests; retried after 8 s.', { latencyMs: 8000 });
      r.code(
        'python',
        [
          'import pandas as pd',
          'import statsmodels.formula.api as smf',
          '',
          'df = warehouse.query("SELECT plan, seats, cancelled_on IS NOT NULL AS churned FROM analytics.q3_cohort")',
          'df["seat_bucket"] = pd.cut(df.seats, [0, 1, 5, 20, 100, 10_000], labels=["1", "2-5", "6-20", "21-100", "100+"])',
          'print(df.groupby("seat_bucket", observed=True).churned.mean().round(3).to_string())',
          '',
          'model = smf.logit("churned ~ C(plan) + np.log1p(seats)", data=df).fit(disp=False)',
          "print(f\"log(seats) coef: {model.params['np.log1p(seats)']:.3f}  p={model.pvalues['np.log1p(seats)']:.1e}\")",
        ].join('\n'),
        [
          'seat_bucket',
          '1         0.171',
          '2-5       0.094',
          '6-20      0.051',
          '21-100    0.029',
          '100+      0.018',
          'log(seats) coef: -0.412  p=3.2e-41',
        ].join('\n'),
        { latencyMs: 5120 },
      );
      r.assistant(
        [
          'Seats matter **on top of** the plan:',
          '',
          '| Seats | Q3 churn |',
          '| --- | ---: |',
          '| 1 | 17.1% |',
          '| 2–5 | 9.4% |',
          '| 6–20 | 5.1% |',
          '| 21–100 | 2.9% |',
          '| 100+ | 1.8% |',
          '',
          '- Controlling for plan, each doubling of seats lowers the odds of churn by about 25% (coefficient −0.41, p ≈ 3e-41).',
          '- Single-seat starter accounts are the biggest pool: 9.4k of the 15.6k churned subscriptions.',
          '',
          'Suggestion: target the *invite a teammate* nudge at single-seat accounts in their first 30 days.',
        ].join('\n'),
      );
    },
  );
  return s.build();
}

function weeklyRevenue(): Session {
  const s = new SessionBuilder({
    ...base,
    slug: 'data/weekly-revenue',
    title: 'Weekly revenue numbers for the Monday deck',
    start: '2026-11-02T07:45:10.000Z',
    metadata: { channel: 'slack', user: 'finance-bot', channelId: 'slack-finance', scheduled: true },
  });
  s.run({ title: 'Pull the numbers', status: 'failed', reportTotals: true }, (r) => {
    r.system(SYSTEM_PROMPT);
    r.user('Weekly revenue by region for the last 8 weeks, with week-over-week change.');
    r.reasoning('The saved weekly_revenue query covers exactly this; run it and pivot by region.', { effort: 'low' });
    r.code(
      'python',
      'df = warehouse.query(open("queries/weekly_revenue.sql").read())\nprint(df.pivot(index="week", columns="region", values="revenue_usd").tail(8))',
      'Running…',
      { latencyMs: 60_000 },
    );
    r.error('sandbox_timeout', 'Code execution exceeded the 60 s limit and was stopped. Partial output was discarded.');
  });
  s.run({ title: 'Retry on the rollup table', reportTotals: true }, (r) => {
    r.user('Try again with the daily rollup table, it is much smaller.');
    r.code(
      'python',
      [
        'df = warehouse.query("""',
        "    SELECT date_trunc('week', day) AS week, region, sum(revenue_usd) AS revenue",
        '    FROM analytics.revenue_daily_rollup',
        "    WHERE day >= current_date - INTERVAL '56 days'",
        '    GROUP BY 1, 2',
        '""")',
        'wide = df.pivot(index="week", columns="region", values="revenue").sort_index()',
        'print((wide / 1000).round(1).to_string())',
        'print()',
        'print("WoW %:", (wide.sum(axis=1).pct_change() * 100).round(1).tolist()[1:])',
      ].join('\n'),
      [
        'region        AMER   APAC   EMEA',
        'week',
        '2026-09-07   812.4  301.9  455.0',
        '2026-09-14   826.0  298.3  461.7',
        '2026-09-21   840.3  310.6  470.2',
        '2026-09-28   835.1  322.8  468.9',
        '2026-10-05   851.7  329.4  480.3',
        '2026-10-12   866.2  335.0  478.8',
        '2026-10-19   872.9  341.7  492.5',
        '2026-10-26   890.4  350.2  501.1',
        '',
        'WoW %: [1.3, 2.3, 0.3, 2.4, 1.1, 2.0, 2.4]',
      ].join('\n'),
      { latencyMs: 4210 },
    );
    r.assistant(
      'Revenue grew **every week** for 8 weeks, from $1.57M to $1.74M (+10.9%). APAC grew fastest (+16%).\n\n' +
        '```text\nWoW %: 1.3  2.3  0.3  2.4  1.1  2.0  2.4\n```\n\n' +
        'The dip to +0.3% in the week of 28 September is AMER (−0.6%), which matches the billing-system outage that week.',
    );
  });
  return s.build();
}

export function dataAnalystSessions(): Session[] {
  return [churnDrivers(), weeklyRevenue()];
}
