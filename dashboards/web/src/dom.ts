/**
 * The only way this app builds DOM: elements via createElement, text via text nodes. Nothing here (or anywhere in
 * the app) assigns innerHTML, so mention text, author names and URLs can never become markup.
 */
type Child = Node | string | number | null | undefined | false;
type Handlers = Record<string, (e: Event) => void>;
type Attrs = { on?: Handlers; [attr: string]: string | number | boolean | undefined | Handlers };

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'on') continue;
    // Event-handler attributes and URL attributes never come from here: handlers go through `on`, links through safeLink.
    if (/^on/i.test(k) || k === 'href' || k === 'src' || k === 'style')
      throw new Error(`h(): attribute ${k} not allowed`);
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v as string | number));
  }
  for (const [ev, fn] of Object.entries(attrs.on ?? {})) el.addEventListener(ev, fn);
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** Returns the URL if it is absolute http(s), else undefined: `javascript:`, `data:` and relative links are dropped. */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** An external link that opens without giving the target a handle on this window; undefined for unsafe URLs. */
export function safeLink(raw: string | undefined, label: string): HTMLAnchorElement | undefined {
  const href = safeHttpUrl(raw);
  if (!href) return undefined;
  const a = h('a', { target: '_blank', rel: 'noopener noreferrer nofollow', class: 'ext' }, label);
  a.href = href;
  return a;
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}
