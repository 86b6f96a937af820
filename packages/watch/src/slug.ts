/**
 * Watch ids: the stable key a watch's data is stored and addressed under (ClickHouse `watch` column, alert labels,
 * API paths, webhook `generatorURL`), while `name` is free text for people ("Försäkringskassan", "Nils Öberg & co").
 */
export const WATCH_ID_PATTERN = '^[a-z0-9][a-z0-9_.-]*$';
export const WATCH_ID_MAX = 64;
const ID = new RegExp(WATCH_ID_PATTERN);

// Letters NFKD does not take apart (æ, ø, ß, …) folded by hand; å ä ö é ü lose their marks through NFKD.
const FOLD: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ı: 'i' };

/**
 * The id a name gives when none is set: lower-case, å→a ä→a ö→o é→e (marks dropped), every run of anything else
 * (spaces, punctuation) → '-', trimmed, at most 64 characters; 'watch' when nothing is left ("???").
 */
export function slugify(name: string): string {
  const folded = name
    .toLowerCase()
    .replace(/[æøœßðþłđı]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
  const slug = folded
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, WATCH_ID_MAX)
    .replace(/-+$/, '');
  return slug === '' ? 'watch' : slug;
}

export const isWatchId = (s: string): boolean => s.length <= 128 && ID.test(s);

/** `base`, or `base-2`, `base-3`, … : the first that `taken` does not hold. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${base.slice(0, WATCH_ID_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(id)) return id;
  }
}

/** A watch's id: its own, or the one its name gives (watches stored before ids existed have none). */
export const watchId = (w: { readonly id?: string | undefined; readonly name: string }): string =>
  w.id ?? slugify(w.name);

/**
 * Every key a watch's stored rows and alerts may carry: its id, then its `aliases`. Before ids existed a watch's
 * data was keyed by its name, so the registry gives a watch stored then its old name as an alias: rows and alerts
 * of "Försäkringskassan" from then stay readable under `forsakringskassan` (the read side asks for every key),
 * without rewriting ClickHouse (`watch` is in every table's sorting key and cannot be updated in place).
 */
export const storedKeys = (w: {
  readonly id?: string | undefined;
  readonly name: string;
  readonly aliases?: readonly string[] | undefined;
}): string[] => {
  const id = watchId(w);
  return [id, ...new Set((w.aliases ?? []).filter((k) => k !== id))];
};

/** `w` as stored before ids: it gets its id from its name, and its name (its data's key then) as an alias. */
export function fromBeforeIds<
  W extends {
    readonly id?: string | undefined;
    readonly name: string;
    readonly aliases?: readonly string[] | undefined;
  },
>(w: W, hadId: boolean): W {
  const id = watchId(w);
  if (hadId || w.name === id || (w.aliases ?? []).includes(w.name)) return w;
  return { ...w, aliases: [...(w.aliases ?? []), w.name] };
}
