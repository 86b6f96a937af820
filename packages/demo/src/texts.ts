/**
 * Demo mention templates in Swedish and English about two fictional organisations: "Trygghetskassan" (a Swedish
 * public agency) and "NordPay" (an invoicing company). Fictional on purpose: a demo storm must not be about a real
 * agency. `{svc}` is replaced by one of the organisation's services/touchpoints, `{person}` by a key person.
 */
export interface Template {
  text: string;
  lang: 'sv' | 'en';
  label: 'negative' | 'neutral' | 'positive';
}

export const ORGS = {
  trygghetskassan: {
    name: 'Trygghetskassan',
    services: ['appen', 'e-tjänsten', 'kundtjänst', 'sjukpenningen', 'föräldrapenningen', 'handläggningen'],
    people: ['Anna Berg', 'generaldirektören'],
  },
  nordpay: {
    name: 'NordPay',
    services: ['invoice', 'app', 'customer service', 'payment page', 'fakturan'],
    people: ['Erik Lund'],
  },
} as const;

export type OrgKey = keyof typeof ORGS;

export const BASELINE: Record<OrgKey, Template[]> = {
  trygghetskassan: [
    { lang: 'sv', label: 'positive', text: 'Fick besked från Trygghetskassan idag, smidigt och snabbt 👍' },
    { lang: 'sv', label: 'positive', text: 'Måste säga att {svc} hos Trygghetskassan var fruktansvärt trevlig idag' },
    {
      lang: 'sv',
      label: 'positive',
      text: 'Det var inte alls krångligt att ansöka via {svc}, Trygghetskassan har verkligen skärpt sig',
    },
    { lang: 'sv', label: 'neutral', text: 'Någon som vet hur lång handläggningstiden är hos Trygghetskassan just nu?' },
    { lang: 'sv', label: 'neutral', text: 'Trygghetskassan publicerar ny statistik om {svc} i dag' },
    { lang: 'sv', label: 'neutral', text: 'Ringde Trygghetskassan om {svc}, de skulle återkomma' },
    { lang: 'sv', label: 'negative', text: 'Väntat i telefonkö hos Trygghetskassan i 40 minuter... 😩' },
    { lang: 'sv', label: 'positive', text: 'Ingen fara, Trygghetskassan löste det utan problem' },
    { lang: 'sv', label: 'neutral', text: '{person} på Trygghetskassan intervjuas i Ekot om {svc}' },
    {
      lang: 'sv',
      label: 'positive',
      text: 'Det är inte otrevligt att prata med kundtjänst på Trygghetskassan faktiskt',
    },
  ],
  nordpay: [
    { lang: 'en', label: 'positive', text: 'Paid my NordPay {svc} in two clicks, love it' },
    { lang: 'en', label: 'neutral', text: 'Does NordPay support split payments on the {svc}?' },
    { lang: 'en', label: 'positive', text: 'NordPay customer service was super helpful today 🙌' },
    { lang: 'en', label: 'negative', text: 'NordPay {svc} is not very clear about the fees' },
    { lang: 'sv', label: 'positive', text: 'Smidig faktura från NordPay, äntligen något som bara funkar' },
    { lang: 'sv', label: 'neutral', text: 'Fick en faktura från NordPay, vad är det för företag?' },
    { lang: 'en', label: 'neutral', text: '{person} from NordPay speaking at the fintech meetup tonight' },
  ],
};

/** The storm: the app goes down and payouts are late. Negative, angry, sometimes sarcastic, growing fast. */
export const STORM: Template[] = [
  {
    lang: 'sv',
    label: 'negative',
    text: 'Trygghetskassan {svc} ligger nere IGEN och ingen utbetalning har kommit. Skandal!',
  },
  {
    lang: 'sv',
    label: 'negative',
    text: 'Hur kan Trygghetskassan tappa min ansökan två gånger? Helt oacceptabelt #trygghetskassan',
  },
  { lang: 'sv', label: 'negative', text: 'Tack Trygghetskassan för att ni tappade min ansökan igen, grymt jobbat 👏' },
  {
    lang: 'sv',
    label: 'negative',
    text: 'Ingen utbetalning, ingen info, {svc} svarar inte. Trygghetskassan är ett skämt 😡',
  },
  {
    lang: 'sv',
    label: 'negative',
    text: 'Fruktansvärt dåligt bemötande av Trygghetskassan idag, jag är så trött på det här kaoset',
  },
  { lang: 'sv', label: 'negative', text: 'Är det bara jag eller är Trygghetskassans {svc} helt trasig? #kassakaos' },
  {
    lang: 'en',
    label: 'negative',
    text: 'Trygghetskassan payouts are late for thousands of families, and the app is down. Terrible.',
  },
  {
    lang: 'sv',
    label: 'negative',
    text: '{person} måste svara för det här, Trygghetskassan har inte betalat ut på en vecka',
  },
];
