import { XMLParser } from 'fast-xml-parser';

/** One feed item, format-independent. */
export interface FeedItem {
  /** guid (RSS) or id (Atom); falls back to the link, then title+date. */
  readonly key: string;
  readonly title: string;
  readonly html: string;
  readonly link?: string;
  readonly date?: string;
  readonly author?: string;
}

export interface ParsedFeed {
  readonly format: 'rss2' | 'atom' | 'rss1';
  readonly lang?: string;
  readonly items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  // Entities inside text are decoded; DOCTYPE-declared entities are not expanded (billion-laughs safe).
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ['item', 'entry', 'link', 'category', 'author'].includes(name),
  parseTagValue: false,
  trimValues: true,
});

type Node = Record<string, unknown>;

/** Text of a node that may be a string, `{ '#text' }`, or missing. */
function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') return text((v as Node)['#text']);
  return '';
}

function atomLink(links: unknown): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const ls = links as Node[];
  const alt = ls.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? ls[0];
  const href = alt?.['@_href'];
  return typeof href === 'string' ? href : undefined;
}

const keyOf = (guid: string, link: string | undefined, title: string, date: string | undefined): string =>
  guid || link || `${title}\u0000${date ?? ''}`;

/**
 * Parses RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 (RFC 4287). Returns null for anything else (an HTML error page,
 * truncated XML); the caller counts it and keeps its cursor, so the next poll retries.
 */
export function parseFeed(xml: string): ParsedFeed | null {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch {
    return null;
  }
  const rss = doc['rss'] as Node | undefined;
  if (rss && typeof rss === 'object') {
    const ch = (rss['channel'] ?? {}) as Node;
    const items = ((ch['item'] as Node[] | undefined) ?? []).map((it): FeedItem => {
      const link = text(it['link']) || undefined;
      const date = text(it['pubDate']) || text(it['dc:date']) || undefined;
      const title = text(it['title']);
      return {
        key: keyOf(text(it['guid']), link, title, date),
        title,
        html: text(it['content:encoded']) || text(it['description']),
        link,
        date,
        author: text(it['dc:creator']) || text(it['author']) || undefined,
      };
    });
    return { format: 'rss2', lang: text(ch['language']) || undefined, items };
  }
  const feed = doc['feed'] as Node | undefined;
  if (feed && typeof feed === 'object') {
    const items = ((feed['entry'] as Node[] | undefined) ?? []).map((e): FeedItem => {
      const link = atomLink(e['link']);
      const date = text(e['published']) || text(e['updated']) || undefined;
      const title = text(e['title']);
      const author = (e['author'] as Node[] | undefined)?.[0];
      return {
        key: keyOf(text(e['id']), link, title, date),
        title,
        html: text(e['content']) || text(e['summary']),
        link,
        date,
        author: author ? text(author['name']) || undefined : undefined,
      };
    });
    const lang = feed['@_xml:lang'];
    return { format: 'atom', lang: typeof lang === 'string' ? lang : undefined, items };
  }
  const rdf = doc['rdf:RDF'] as Node | undefined;
  if (rdf && typeof rdf === 'object') {
    const items = ((rdf['item'] as Node[] | undefined) ?? []).map((it): FeedItem => {
      const link = text(it['link']) || undefined;
      const title = text(it['title']);
      const date = text(it['dc:date']) || undefined;
      return {
        key: keyOf(text(it['@_rdf:about']), link, title, date),
        title,
        html: text(it['description']),
        link,
        date,
        author: text(it['dc:creator']) || undefined,
      };
    });
    return { format: 'rss1', items };
  }
  return null;
}
