/**
 * Text material for the corpus: people, subjects and pre-wrapped paragraphs in English, German,
 * Japanese and Russian. Paragraph pools are built once from a fixed seed, so generating 50,000
 * bodies is mostly picking and joining strings. No word here contains "zq": planted search words
 * start with it and must occur nowhere else.
 */
import { createRng, type Rng } from './prng.ts';

export type Lang = 'en' | 'de' | 'ja' | 'ru';

export interface Person {
  name: string;
  email: string;
  /** Zone offset in minutes east of UTC that this person's Date headers use. */
  tz: number;
}

export const ME: Person = { name: 'Alex Example', email: 'alex@example.com', tz: 60 };

export const PEOPLE: readonly Person[] = [
  { name: 'Jürgen Müller', email: 'juergen.mueller@beispiel.de', tz: 60 },
  { name: 'Müller, Jürgen', email: 'j.mueller@firma.example', tz: 60 },
  { name: 'Søren Østergård', email: 'soren@example.dk', tz: 60 },
  { name: '田中 太郎', email: 'tanaka@example.jp', tz: 540 },
  { name: '佐藤 花子', email: 'h.sato@example.co.jp', tz: 540 },
  { name: 'Анна Иванова', email: 'anna@example.ru', tz: 180 },
  { name: "Zoë O'Brien", email: 'zoe.obrien@example.ie', tz: 0 },
  { name: 'José García', email: 'jgarcia@example.es', tz: 60 },
  { name: 'Priya Raman', email: 'priya@example.in', tz: 330 },
  { name: 'Bob Smith', email: 'bob@example.org', tz: -300 },
  { name: 'Carol Jones', email: 'carol.jones@example.net', tz: -480 },
  { name: 'Dave "The Build" Lee', email: 'dave@ci.example.org', tz: -240 },
  { name: 'Erin Walker', email: 'erin@example.com', tz: 0 },
  { name: 'Frank Zimmermann', email: 'frank@zimmermann.example', tz: 120 },
  { name: 'Grace Hopper', email: 'grace@navy.example', tz: -300 },
  { name: '', email: 'noreply@notifications.example.com', tz: 0 },
  { name: 'Heidi Weiß', email: 'heidi.weiss@beispiel.de', tz: 60 },
  { name: 'Ivan Petrov', email: 'ivan@example.ru', tz: 180 },
  { name: 'Julia Roberts-Ng', email: 'julia@example.com.au', tz: 600 },
  { name: 'Kim Nguyễn', email: 'kim@example.vn', tz: 420 },
];

export const DOMAINS = ['example.com', 'example.org', 'beispiel.de', 'mail.example.net', 'example.co.jp'];

const EN_WORDS = (
  'the project team review budget meeting schedule report invoice customer server release update ' +
  'draft proposal contract deadline quarter figures slides agenda notes feedback travel hotel flight ' +
  'office network backup database migration dashboard summary issue ticket support warranty delivery ' +
  'order payment receipt account password security policy training workshop conference lunch coffee ' +
  'weekend holiday family garden weather photos kitchen renovation apartment landlord insurance bank ' +
  'please could would should really quite maybe perhaps definitely already still again soon later ' +
  'attached below above enclosed revised final preliminary urgent quick short long detailed rough'
).split(' ');

const EN_SENTENCES = [
  'Thanks for sending this over so quickly.',
  'I had a look at the numbers and they seem mostly fine to me.',
  'Can we move the call to Thursday afternoon?',
  'Please find the revised version attached.',
  'Let me know if anything is unclear or missing.',
  'The server was down for about twenty minutes last night.',
  'We still need sign-off from legal before we can proceed.',
  'I will be out of office next week with limited access to email.',
  'From what I can tell, the migration finished without errors.',
  'From now on, please send invoices to the accounts address.',
  'Could you forward this to the rest of the team?',
  'Happy to help, just ping me when you are ready.',
  'The delivery is expected between Monday and Wednesday.',
  'Sorry for the late reply, it has been a busy week.',
];

const DE_SENTENCES = [
  'Vielen Dank für die schnelle Rückmeldung.',
  'Anbei die überarbeitete Übersicht der Reisekosten für März.',
  'Können wir das Gespräch auf Donnerstag verschieben?',
  'Die Größe der Anhänge ist leider über dem Limit.',
  'Bitte prüfen Sie die Zahlen bis Freitag.',
  'Ich bin nächste Woche im Urlaub und nur eingeschränkt erreichbar.',
  'Das Büro bleibt über die Feiertage geschlossen.',
  'Für Rückfragen stehe ich gern zur Verfügung.',
  'Die Abrechnung für Übernachtung und Frühstück liegt bei.',
  'Grüße aus dem schönen Köln, bis bald!',
];

const JA_SENTENCES = [
  'いつもお世話になっております。',
  '会議の議事録を送付いたします。',
  '見積書の内容をご確認ください。',
  '来週の打ち合わせの日程を調整させてください。',
  'ご不明な点がございましたらお知らせください。',
  '資料は添付ファイルをご参照ください。',
  '東京の天気は今日も晴れです。',
  'よろしくお願いいたします。',
];

const RU_SENTENCES = [
  'Спасибо за быстрый ответ.',
  'Отчёт за квартал во вложении.',
  'Давайте перенесём встречу на пятницу.',
  'Пожалуйста, проверьте цифры до конца недели.',
  'Сервер работал без ошибок всю ночь.',
  'С уважением и наилучшими пожеланиями.',
  'Ёлка в офисе уже стоит, приходите на праздник.',
];

function wordSentence(rng: Rng): string {
  const n = rng.int(6, 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(EN_WORDS));
  const first = words[0] ?? 'the';
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ') + rng.pick(['.', '.', '.', '?', '!']);
}

/** Greedy word wrap at `width` characters (by code points), CRLF line ends, no trailing CRLF. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : line + ' ' + word;
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** CJK text has no spaces: wrap by character count instead. */
function wrapChars(text: string, width: number): string {
  const chars = Array.from(text);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines.join('\r\n');
}

function buildPool(lang: Lang, size: number): string[] {
  const rng = createRng(0x5eed + lang.charCodeAt(0) * 31 + lang.charCodeAt(1));
  const pool: string[] = [];
  for (let p = 0; p < size; p++) {
    const sentences: string[] = [];
    const n = rng.int(2, 6);
    for (let i = 0; i < n; i++) {
      if (lang === 'en') sentences.push(rng.chance(0.35) ? rng.pick(EN_SENTENCES) : wordSentence(rng));
      else if (lang === 'de') sentences.push(rng.pick(DE_SENTENCES));
      else if (lang === 'ja') sentences.push(rng.pick(JA_SENTENCES));
      else sentences.push(rng.pick(RU_SENTENCES));
    }
    pool.push(lang === 'ja' ? wrapChars(sentences.join(''), 36) : wrap(sentences.join(' '), 72));
  }
  return pool;
}

const pools = new Map<Lang, string[]>();
function pool(lang: Lang): string[] {
  let p = pools.get(lang);
  if (!p) {
    p = buildPool(lang, lang === 'en' ? 1500 : 300);
    pools.set(lang, p);
  }
  return p;
}

/** Paragraphs (CRLF-wrapped, no trailing CRLF) of roughly `targetChars` characters in total. */
export function paragraphs(rng: Rng, lang: Lang, targetChars: number): string[] {
  const p = pool(lang);
  const out: string[] = [];
  let size = 0;
  do {
    const para = rng.pick(p);
    out.push(para);
    size += para.length + 2;
  } while (size < targetChars);
  return out;
}

/** A sentence that carries the planted search word, as its own line so every tokenizer sees it. */
export function plantedLine(rng: Rng, lang: Lang, word: string): string {
  if (lang === 'de') return rng.pick([`Aktenzeichen: ${word}`, `Bitte das Stichwort ${word} angeben.`]);
  if (lang === 'ja') return `参照番号: ${word}`;
  if (lang === 'ru') return `Номер заявки: ${word}`;
  return rng.pick([`Reference: ${word}`, `Please quote ${word} in your reply.`, `Tracking code ${word}.`]);
}

const EN_SUBJECTS = [
  'Quarterly budget review',
  'Notes from the planning meeting',
  'Question about the invoice',
  'Server maintenance window',
  'Your order has shipped',
  'Draft proposal for the client',
  'Travel plans for the conference',
  'Updated slides',
  'Lunch on Friday?',
  'Backup failed on the file server',
  'Contract renewal',
  'Photos from the weekend',
];
const DE_SUBJECTS = [
  'Reisekostenabrechnung',
  'Übersicht der Änderungen',
  'Besprechung am Dienstag',
  'Angebot für Büromöbel',
];
const JA_SUBJECTS = ['会議の議事録', '見積書の送付について', 'お問い合わせの件', '打ち合わせ日程のご相談'];
const RU_SUBJECTS = ['Отчёт за квартал', 'Встреча в пятницу', 'Счёт на оплату'];

/** A subject with a distinguishing tag, so unrelated threads rarely share a subject. */
export function subjectFor(rng: Rng, lang: Lang): string {
  const tag = `${rng.pick(['PRJ', 'INV', 'OPS', 'HR', 'No.', '#'])}${rng.int(100, 99999)}`;
  if (lang === 'de') return `${rng.pick(DE_SUBJECTS)} ${tag}`;
  if (lang === 'ja') return `${rng.pick(JA_SUBJECTS)} ${tag}`;
  if (lang === 'ru') return `${rng.pick(RU_SUBJECTS)} ${tag}`;
  return `${rng.pick(EN_SUBJECTS)} (${tag})`;
}

/** Text in the Latin-1 repertoire, for the ISO-8859-1 messages. */
export const LATIN1_TEXT =
  'Grüße aus Zürich! Le café coûte 3,50 CHF à la gare. Señor Muñoz paga 20 francos; ' +
  'er zahlt 20 Franken. Åse og Ødegård ønsker en god dag. Ça va très bien, merci.';
export const LATIN1_SUBJECT = 'Grüße aus Zürich - Reiseplanung für Señor Muñoz';
/** Text using windows-1252's extra characters (euro sign, curly quotes, dashes). */
export const CP1252_TEXT =
  '“Smart quotes” are back – again… The price is €1.299, not ‘€1,299’. ' +
  'Müller’s team says: “Don’t worry — it’s fine™.”';
export const CP1252_SUBJECT = '“Invoice” – €1.299 for Müller’s team';
