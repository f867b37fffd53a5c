// Real text in every script the corpus covers, one sample per charset. Each
// sample only uses characters its charset has (no en dash in ISO-8859-1, no
// wave dash or half-width kana in JIS, only GB2312 characters for gb2312);
// test/unit/mime/corpus.test.ts checks that each survives a round trip.

export interface CharsetSample {
  charset: string;
  language: string;
  subject: string;
  senderName: string;
  senderAddress: string;
  /** The body; `phrase` is a sentence of it that a parser must find in the text. */
  body: string;
  phrase: string;
  /** An attachment name in the same charset, sent as an RFC 2231 parameter. */
  filename: string;
  /** Transfer encoding for the body: 7bit where the charset is 7-bit. */
  encoding: '7bit' | '8bit' | 'quoted-printable' | 'base64';
}

export const CHARSET_SAMPLES: readonly CharsetSample[] = [
  {
    charset: 'iso-8859-1',
    language: 'German',
    subject: 'Grüße aus München: Übersicht für März',
    senderName: 'Jürgen Weiß',
    senderAddress: 'juergen.weiss@example.de',
    body: 'Sehr geehrte Frau Müller,\n\nanbei die Übersicht für März. Die Bäckerei öffnet um 7 Uhr; die Größe der Tüten ist gleich geblieben.\n\nMit freundlichen Grüßen\nJürgen Weiß',
    phrase: 'Die Bäckerei öffnet um 7 Uhr; die Größe der Tüten ist gleich geblieben.',
    filename: 'Übersicht März.pdf',
    encoding: 'quoted-printable',
  },
  {
    charset: 'iso-8859-15',
    language: 'French',
    subject: 'Facture n° 42 : 1 250 € à régler',
    senderName: 'Éloïse Lefèvre',
    senderAddress: 'eloise.lefevre@example.fr',
    body: "Bonjour,\n\nLe cœur de l'œuvre coûte 1 250 € ; merci de régler avant vendredi.\n\nCordialement,\nÉloïse",
    phrase: "Le cœur de l'œuvre coûte 1 250 € ; merci de régler avant vendredi.",
    filename: 'Facture 42 €.pdf',
    encoding: '8bit',
  },
  {
    charset: 'windows-1252',
    language: 'English with typography',
    subject: '“Quarterly” numbers – final…',
    senderName: 'Zoë O’Brien',
    senderAddress: 'zoe.obrien@example.ie',
    body: 'Hi all,\n\nWe’re “almost” done — the total is €1,234… Señor Muñoz agrees.\n\nZoë',
    phrase: 'We’re “almost” done — the total is €1,234… Señor Muñoz agrees.',
    filename: '“Final” numbers – Q3.xlsx',
    encoding: 'quoted-printable',
  },
  {
    charset: 'iso-8859-2',
    language: 'Polish',
    subject: 'Zażółć gęślą jaźń: spotkanie w Łodzi',
    senderName: 'Łukasz Żółkiewski',
    senderAddress: 'lukasz.zolkiewski@example.pl',
    body: 'Dzień dobry,\n\nspotkanie odbędzie się w Łodzi w środę. Proszę zabrać dokumenty i pieczątkę.\n\nPozdrawiam serdecznie\nŁukasz',
    phrase: 'spotkanie odbędzie się w Łodzi w środę.',
    filename: 'Spotkanie Łódź, środa.docx',
    encoding: 'quoted-printable',
  },
  {
    charset: 'windows-1250',
    language: 'Czech',
    subject: 'Příliš žluťoučký kůň úpěl ďábelské ódy',
    senderName: 'Jiří Dvořák',
    senderAddress: 'jiri.dvorak@example.cz',
    body: 'Dobrý den,\n\nposílám vám přehled účtů za září. Těšíme se na další spolupráci.\n\nS pozdravem\nJiří Dvořák',
    phrase: 'posílám vám přehled účtů za září.',
    filename: 'Přehled účtů – září.xlsx',
    encoding: 'base64',
  },
  {
    charset: 'windows-1251',
    language: 'Russian',
    subject: 'Отчёт о продажах за квартал',
    senderName: 'Наталья Иванова',
    senderAddress: 'natalya.ivanova@example.ru',
    body: 'Здравствуйте!\n\nВысылаю отчёт о продажах за третий квартал. Съешь же ещё этих мягких французских булок, да выпей чаю.\n\nС уважением,\nНаталья',
    phrase: 'Съешь же ещё этих мягких французских булок, да выпей чаю.',
    filename: 'Отчёт за квартал.pdf',
    encoding: '8bit',
  },
  {
    charset: 'koi8-r',
    language: 'Russian',
    subject: 'Встреча переносится на понедельник',
    senderName: 'Дмитрий Кузнецов',
    senderAddress: 'dmitry.kuznetsov@example.ru',
    body: 'Добрый день!\n\nВстреча переносится на понедельник, в десять утра. Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.\n\nДмитрий',
    phrase: 'Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.',
    filename: 'Протокол встречи.doc',
    encoding: 'quoted-printable',
  },
  {
    charset: 'iso-2022-jp',
    language: 'Japanese',
    subject: '会議の議事録について',
    senderName: '山田太郎',
    senderAddress: 'taro.yamada@example.jp',
    body: 'お疲れ様です。\n\n先日の会議の議事録を送付いたします。ご確認のほど、よろしくお願いいたします。\n\n山田',
    phrase: '先日の会議の議事録を送付いたします。',
    filename: '議事録（第三回）.pdf',
    encoding: '7bit',
  },
  {
    charset: 'shift_jis',
    language: 'Japanese',
    subject: 'お見積りのご案内',
    senderName: '佐藤花子',
    senderAddress: 'hanako.sato@example.jp',
    body: 'いつもお世話になっております。\n\nご依頼いただいた件のお見積りをお送りします。納期は来月末を予定しております。\n\n佐藤',
    phrase: '納期は来月末を予定しております。',
    filename: '御見積書.pdf',
    encoding: 'base64',
  },
  {
    charset: 'gb2312',
    language: 'Simplified Chinese',
    subject: '关于下周会议的通知',
    senderName: '王小明',
    senderAddress: 'xiaoming.wang@example.cn',
    body: '各位同事：\n\n下周一上午九点在三楼会议室召开部门会议，请准时参加。\n\n谢谢！\n王小明',
    phrase: '下周一上午九点在三楼会议室召开部门会议，请准时参加。',
    filename: '会议通知.docx',
    encoding: 'base64',
  },
  {
    charset: 'gbk',
    language: 'Simplified Chinese (GBK beyond GB2312)',
    subject: '季度报告：朱镕基时代的经验',
    senderName: '李华',
    senderAddress: 'hua.li@example.cn',
    body: '您好：\n\n季度报告已经完成，附件中有详细数据。朱镕基总理曾经强调要实事求是。\n\n李华',
    phrase: '朱镕基总理曾经强调要实事求是。',
    filename: '季度报告（镕）.xlsx',
    encoding: '8bit',
  },
  {
    charset: 'big5',
    language: 'Traditional Chinese',
    subject: '會議記錄與報告',
    senderName: '陳大文',
    senderAddress: 'daiman.chan@example.tw',
    body: '各位好：\n\n附上本週會議記錄，請於週五前回覆意見。謝謝大家的協助。\n\n陳大文',
    phrase: '附上本週會議記錄，請於週五前回覆意見。',
    filename: '會議記錄.pdf',
    encoding: 'base64',
  },
  {
    charset: 'utf-8',
    language: 'mixed, with emoji',
    subject: 'Weekend plans 🎉🏔️ — ça va? 很好!',
    senderName: 'Zoë 🌸 Ångström',
    senderAddress: 'zoe.angstrom@example.se',
    body: "Hi!\n\nLet's go hiking 🥾 on Saturday. The forecast says ☀️ and 22°C — ça va être génial, 很好, отлично.\n\nZoë 🌸",
    phrase: "Let's go hiking 🥾 on Saturday. The forecast says ☀️ and 22°C — ça va être génial, 很好, отлично.",
    filename: 'Route 🗺️ Kebnekaise.gpx',
    encoding: 'quoted-printable',
  },
];

export function charsetSample(charset: string): CharsetSample {
  const sample = CHARSET_SAMPLES.find((s) => s.charset === charset);
  if (!sample) throw new Error(`no sample for charset ${charset}`);
  return sample;
}

/** People for the plain kinds: ASCII and non-ASCII names (sent as UTF-8 encoded words). */
export const PEOPLE: readonly { name: string; address: string }[] = [
  { name: 'Alice Johnson', address: 'alice@example.com' },
  { name: 'Bob Smith', address: 'bob.smith@example.org' },
  { name: 'Carol Díaz', address: 'carol.diaz@example.es' },
  { name: 'Dave O’Connor', address: 'dave@example.net' },
  { name: 'Erin Chen', address: 'erin.chen@example.com' },
  { name: 'Frank Müller', address: 'frank@example.de' },
  { name: 'Grace Hopper', address: 'grace@example.mil' },
  { name: 'Heidi Nakamura', address: 'heidi.n@example.jp' },
  { name: 'Ivan Petrov', address: 'ivan@example.ru' },
  { name: 'Judy Kowalska', address: 'judy.k@example.pl' },
  { name: 'Mallory, Inc. (Sales)', address: 'sales@example.biz' },
  { name: '', address: 'noreply@example.com' },
];

export const WORDS =
  'the of and to in is for on that with as was at by be this are from or have an it not which but all were when we there can more if will one about up out them some would so what time has other its into two could first been see may way than like only people over new after how also work back where just year well because any these most through many even life day between both those same need last project meeting budget review draft plan schedule team report client invoice contract design release update server database issue feature deadline quarter forecast agenda summary proposal office travel weekend dinner coffee garden river mountain station library kitchen winter summer spring autumn morning evening yesterday tomorrow'.split(
    ' ',
  );

/** Attachment names for the attachment kind, some ASCII, some needing RFC 2231. */
export const FILENAMES: readonly { name: string; type: string }[] = [
  { name: 'report-2023.pdf', type: 'application/pdf' },
  { name: 'IMG_2041.jpg', type: 'image/jpeg' },
  { name: 'screenshot.png', type: 'image/png' },
  { name: 'Übersicht März 2024.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { name: 'Zażółć gęślą jaźń.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'Отчёт за квартал.pdf', type: 'application/pdf' },
  { name: '見積書.pdf', type: 'application/pdf' },
  { name: '报告.zip', type: 'application/zip' },
  { name: 'naïve café menu.txt', type: 'text/plain' },
  { name: 'a very long file name that needs RFC 2231 continuations because it goes on and on – really.pdf', type: 'application/pdf' },
  { name: 'data.bin', type: 'application/octet-stream' },
];
