// "Support Triage": many short conversations (enough that the sidebar pages them), each the same
// shape: read the message, look up the customer, file a ticket, reply. One shows a guardrail
// event type the inspector does not know, and a few are marked as test sessions.
import type { Agent, Session } from '../../../model';
import { SessionBuilder } from '../builder';
import { hash32 } from '../prng';

export const supportTriageAgent: Agent = {
  id: 'support-triage',
  name: 'Support Triage',
  description: 'Reads incoming support requests, files tickets and answers the customer.',
  model: 'gpt-4.1-mini',
  type: 'agent',
};

type Category = 'billing' | 'bug' | 'access' | 'feature' | 'how-to';
type Ticket = [name: string, channel: string, title: string, message: string, category: Category, priority: 'P1' | 'P2' | 'P3'];

const TICKETS: Ticket[] = [
  [
    'Alex Kim',
    'email',
    'Charged twice for October',
    'Hi, my card was charged twice for the October invoice (INV-20931). Can you refund one?',
    'billing',
    'P2',
  ],
  [
    'Sam Rivera',
    'chat',
    'Export to CSV times out',
    'Exporting our 200k-row report to CSV spins forever and then says "Gateway Timeout".',
    'bug',
    'P2',
  ],
  [
    'Ines Duarte',
    'email',
    'SSO login loop',
    'Since this morning our whole team gets bounced back to the Okta page after login.',
    'access',
    'P1',
  ],
  [
    'Ken Watanabe',
    'chat',
    'Dark mode for the dashboard?',
    'Any plans for a dark theme? Our NOC runs the dashboard on a wall screen all night.',
    'feature',
    'P3',
  ],
  [
    'Fatima Zahra',
    'email',
    'How do I rotate API keys?',
    'We need to rotate our API keys every 90 days. Is there a way to do it without downtime?',
    'how-to',
    'P3',
  ],
  [
    "Liam O'Brien",
    'chat',
    'Webhook retries stopped',
    'Our webhook endpoint was down for 10 minutes and the events from that window never arrived.',
    'bug',
    'P2',
  ],
  ['Chen Wei', 'email', 'Invoice in CNY', 'Can our invoices show amounts in CNY as well as USD for our finance team?', 'billing', 'P3'],
  [
    'Nora Lindqvist',
    'chat',
    'Removed admin by mistake',
    'I removed the only other admin from our workspace. Can you restore their role?',
    'access',
    'P1',
  ],
  [
    'David Cohen',
    'email',
    'Charts show UTC, not local time',
    'All charts are in UTC even though my profile says Europe/Berlin.',
    'bug',
    'P3',
  ],
  ['Aisha Bello', 'chat', 'Bulk-invite 300 users', 'What is the fastest way to invite 300 users from a spreadsheet?', 'how-to', 'P3'],
  [
    'Marco Rossi',
    'email',
    'Downgrade before renewal',
    'We want to move from Business to Team before our renewal on 1 December.',
    'billing',
    'P2',
  ],
  ['Hana Novak', 'chat', '2FA codes rejected', 'My authenticator codes are always rejected, my phone clock is correct.', 'access', 'P2'],
  [
    'Omar Haddad',
    'email',
    'Audit log export',
    'Our auditors need a full audit log export for Q3. Where can I download it?',
    'how-to',
    'P2',
  ],
  [
    'Julia Schmidt',
    'chat',
    'Slow search on large projects',
    'Search takes 8–10 seconds in our biggest project (40k items), it used to be instant.',
    'bug',
    'P2',
  ],
  [
    'Ravi Menon',
    'email',
    'Custom fields in the API',
    'Please expose custom fields in the REST API, we need them for our integration.',
    'feature',
    'P3',
  ],
  ['Emma Dubois', 'chat', 'Refund for unused seats', 'We bought 50 seats but only use 32. Can we get a prorated refund?', 'billing', 'P3'],
  [
    'Yusuf Demir',
    'email',
    'Mobile app crashes on start',
    'The Android app (v5.12.0) crashes right after the splash screen on a Pixel 8.',
    'bug',
    'P1',
  ],
  [
    'Grace Mensah',
    'chat',
    'Password reset email never arrives',
    'I asked for a password reset three times and got nothing, not even in spam.',
    'access',
    'P2',
  ],
  ['Tom Fischer', 'email', 'Zapier integration', 'Is there an official Zapier integration, or should we use webhooks?', 'how-to', 'P3'],
  [
    'Sofia Petrova',
    'chat',
    'Card declined on renewal',
    'Renewal failed with "card declined" but the card works everywhere else.',
    'billing',
    'P1',
  ],
  [
    'Lucas Martin',
    'email',
    'Keyboard shortcuts list',
    'Is there a list of keyboard shortcuts somewhere? Cmd+K does not open search for me.',
    'how-to',
    'P3',
  ],
  ['Mei Lin', 'chat', 'Duplicate notifications', 'Every comment notification arrives two or three times since last week.', 'bug', 'P3'],
  ['Pedro Alves', 'email', 'Data residency in the EU', 'Can our workspace data be stored only in EU data centres?', 'feature', 'P2'],
  ['Zoe Taylor', 'chat', 'Guest cannot see shared board', 'I shared a board with a guest but they see "Not found".', 'access', 'P2'],
  ['Arjun Patel', 'email', 'VAT number on invoices', 'Please add our VAT number DE811234567 to all future invoices.', 'billing', 'P3'],
  ['Elif Yılmaz', 'chat', 'Import from Trello fails at 99%', 'The Trello import stops at 99% with "unexpected token".', 'bug', 'P2'],
  [
    'Noah Becker',
    'email',
    'Offboarding a contractor',
    'How do I remove a contractor and transfer their items to someone else?',
    'how-to',
    'P3',
  ],
  [
    'Amara Okeke',
    'chat',
    'Payment details in chat',
    'Can you update my card? It is [REDACTED card_number], exp 09/29, CVC [REDACTED card_cvc].',
    'billing',
    'P2',
  ],
  [
    'Victor Hugo Lima',
    'email',
    'Rate limit too low',
    'We hit 429 errors at 100 requests/minute. Can the limit be raised for our plan?',
    'feature',
    'P2',
  ],
  [
    'Sara Nilsson',
    'chat',
    'Cannot leave old workspace',
    'I am stuck in an old workspace from a previous job and cannot leave it.',
    'access',
    'P3',
  ],
  ['QA Bot', 'chat', '[test] Greeting flow', 'hello', 'how-to', 'P3'],
  ['Hiro Sato', 'email', 'Timezone of due dates', 'Due dates move by a day for our colleagues in California.', 'bug', 'P2'],
  ['QA Bot', 'chat', '[test] Escalation path', 'I want to speak to a human NOW', 'access', 'P1'],
  [
    'Lena Wagner',
    'email',
    'Annual plan discount',
    'Is there a discount if we switch the whole company to an annual plan?',
    'billing',
    'P3',
  ],
];

const QUEUE: Record<Category, string> = {
  billing: 'billing',
  bug: 'engineering-l2',
  access: 'identity',
  feature: 'product-feedback',
  'how-to': 'support-l1',
};

const REPLY: Record<Category, (first: string, ticket: string) => string> = {
  billing: (f, t) =>
    `Thanks ${f}! I have passed this to our billing team as **${t}**. They answer within one business day; you do not need to do anything else for now.`,
  bug: (f, t) =>
    `Thanks for the details, ${f}. I could reproduce the symptoms from your description and filed **${t}** with engineering. I will update you here as soon as there is a fix or a workaround.`,
  access: (f, t) =>
    `Hi ${f}, access problems get priority: **${t}** is with our identity team now. For security they may ask you to confirm from an admin account.`,
  feature: (f, t) =>
    `Great suggestion, ${f}. I logged it as **${t}** for the product team, together with your use case. We cannot promise a date, but requests with clear use cases get read.`,
  'how-to': (f, t) =>
    `Hi ${f}! Here is how:\n\n1. Open **Settings → Workspace**.\n2. Follow the steps in the help article linked there.\n3. If anything looks different on your screen, reply here.\n\nI also opened **${t}** so we can follow up.`,
};

function triage(ticket: Ticket, index: number): Session {
  const [name, channel, title, message, category, priority] = ticket;
  const isTest = title.startsWith('[test]');
  const slug = `support/${index}`;
  // Spread over October and November 2026, about one conversation every 40 hours, at varied times.
  const start = Date.parse('2026-10-01T08:00:00.000Z') + index * 40 * 3_600_000 + (hash32(slug) % 480) * 60_000;
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;
  const s = new SessionBuilder({
    slug,
    agentId: supportTriageAgent.id,
    agentName: supportTriageAgent.name,
    title,
    start: new Date(start).toISOString(),
    model: 'gpt-4.1-mini',
    isTest,
    metadata: {
      channel,
      user: isTest ? 'qa-bot' : email,
      channelId: `${channel}-inbox`,
      externalSessionId: `${channel.toUpperCase()}-${20_400 + index}`,
    },
  });
  const ticketId = `SUP-${4810 + index}`;
  s.run({ title: 'Triage', reportTotals: index % 3 === 0 }, (r) => {
    r.user(message);
    if (message.includes('[REDACTED')) {
      r.other(
        'guardrail_check',
        {
          guardrail: 'pii_redaction',
          verdict: 'redacted',
          spans: [
            { type: 'card_number', start: 25, end: 44 },
            { type: 'card_cvc', start: 63, end: 66 },
          ],
          policy_version: '2026-09',
        },
        'Payment card details were redacted before the message was stored or shown to the model.',
      );
    }
    r.reasoning(`A ${category} request (${priority}). Check the account first, then file it with the ${QUEUE[category]} queue.`, {
      effort: 'low',
    });
    const lookup = r.toolCall('lookup_customer', { email });
    r.toolResult(
      lookup,
      isTest
        ? { found: false }
        : {
            customerId: `cus_${(hash32(email) % 1e6).toString().padStart(6, '0')}`,
            plan: ['Team', 'Business', 'Starter'][index % 3],
            seats: 5 + (hash32(name) % 120),
            since: `20${20 + (index % 6)}-0${1 + (index % 9)}-15`,
          },
    );
    if (category === 'billing' && /refund/i.test(message)) {
      // Money goes out only after a person says yes: the run waits for a confirmation.
      const args = { invoice: message.match(/INV-\d+/)?.[0] ?? 'latest', reason: title };
      const refund = r.toolCall('issue_refund', args);
      r.confirmation(refund, args, { outcome: 'approved' });
      r.toolResult(refund, { refundId: `re_${hash32(title) % 100_000}`, status: 'pending_settlement' });
    }
    const file = r.toolCall('create_ticket', { queue: QUEUE[category], priority, summary: title, customerEmail: isTest ? null : email });
    r.toolResult(file, { ticketId, queue: QUEUE[category], slaHours: priority === 'P1' ? 4 : priority === 'P2' ? 24 : 72 });
    r.assistant(REPLY[category](name.split(' ')[0], ticketId));
  });
  return s.build();
}

export function supportTriageSessions(): Session[] {
  return TICKETS.map(triage);
}
